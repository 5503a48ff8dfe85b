"""Training kit: questions generated from the annotations plus hand-written ones,
course pages, a self-test, a quiz paper, a sign-in sheet and booklets."""
