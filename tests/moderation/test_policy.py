"""Moderation numbers live in posts/moderation/policy.py: no other moderation module writes a length of time."""

import ast
from pathlib import Path

from django.conf import settings

# Where moderation rules are applied; each reads its numbers from policy.
RULE_MODULES = (
    "posts/moderation",
    "posts/requests/permissions.py",
    "posts/management/commands/remind_moderators.py",
    "accounts/models.py",
    "accounts/backends.py",
)


def literal_durations(path: Path) -> list[str]:
    """`timedelta(...)` calls written with numbers in the module: a duration stated outside the policy."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("timedelta"):
            values = [*node.args, *(keyword.value for keyword in node.keywords)]
            if any(isinstance(value, ast.Constant) for value in values):
                found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


def test_durations_of_moderation_rules_are_only_in_policy():
    base = Path(settings.BASE_DIR)
    paths = [
        path
        for module in RULE_MODULES
        for path in ((base / module).rglob("*.py") if (base / module).is_dir() else [base / module])
        if path.name != "policy.py"
    ]
    assert len(paths) > 5
    assert [found for path in paths for found in literal_durations(path)] == []
