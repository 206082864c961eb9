"""Every model of app `posts`, re-exported so tables, content types and imports stay put."""

from posts.models.comments import (  # noqa: F401
    Comment,
    CommentQuerySet,
)
from posts.models.contact import (  # noqa: F401
    Conversation,
    ConversationKind,
    ConversationQuerySet,
    Message,
    MessageQuerySet,
    OptOut,
    Visitor,
    VisitorRequest,
    VisitorRequestKind,
)
from posts.models.moderation import (  # noqa: F401
    ModerationAction,
    ModerationActionKind,
    ModerationActionQuerySet,
    Report,
    ReportQuerySet,
    ReportReason,
    ReportStatus,
    ReviewItem,
    ReviewItemQuerySet,
    ReviewReason,
    ReviewStatus,
    Revision,
    WatchedAction,
    WatchedWord,
)
from posts.models.reach import (  # noqa: F401
    EmailMode,
    Follow,
    Notification,
    NotificationKind,
    NotificationQuerySet,
    NotificationSetting,
    RequestEmail,
)
from posts.models.requests import (  # noqa: F401
    Moderation,
    Photo,
    PhotoQuerySet,
    PhotoStatus,
    Post,
    PostQuerySet,
    Relationship,
    Status,
    original_upload_to,
    photo_upload_to,
)
from posts.models.search import (  # noqa: F401
    KeyDeletion,
    NameKey,
    NameKind,
    NameVocabulary,
    PostMatch,
    PostMatchQuerySet,
    SavedSearch,
)
from posts.models.translations import (  # noqa: F401
    COMMON_LANGUAGES,
    UNDECIDED,
    Translation,
    TranslationQuerySet,
    TranslationRequest,
    TranslationRequestQuerySet,
    TranslationStatus,
    translation_languages,
)
