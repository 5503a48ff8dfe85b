"""Word forms: authoring the .docx templates (GB/T 9704 layout), preparing them
once, filling them fast for every unit, checking staff edits."""
