"""Words the pages and workbooks share when they send a reader to a person.

Staff and secretaries never meet command names, folders or internal ids: an
action only the handbook's administrator can take names that person instead.
"""

ADMIN = "手册管理员（负责更新本手册的组织部门工作人员）"
ADMIN_SHORT = "手册管理员"
