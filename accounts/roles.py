

def is_moderator(user) -> bool:
    """Moderators hold the `posts.moderate_post` permission (through the Moderators group)."""
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("posts.moderate_post"))
