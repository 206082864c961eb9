from posts.models import Translation
from posts.translations import services
from tests.translations.conftest import CHINESE_STORY, CHINESE_TITLE


def offer(post, translator, *, language="zh-hans", title=CHINESE_TITLE, story=CHINESE_STORY) -> Translation:
    return services.offer_translation(
        post=post, translator=translator, language=language, source_language="en", title=title, story=story
    )


def approved(post, translator, **kwargs) -> Translation:
    translation = offer(post, translator, **kwargs)
    return services.approve_translation(translation=translation, by=post.author)
