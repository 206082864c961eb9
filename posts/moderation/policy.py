"""Every moderation number in one place: trust thresholds, report weights, sanction lengths.

docs/moderation.md explains each rule and points here; change a number here and nowhere else.
This module imports nothing of the project, so any room may read it.
"""

from datetime import timedelta

# Trust levels (posts/moderation/trust.py) ---------------------------------------------------------

# "member": a verified email, an account this old, and this many published requests or this many published comments.
MEMBER_AGE = timedelta(days=1)
MEMBER_PUBLISHED_REQUESTS = 1
MEMBER_PUBLISHED_COMMENTS = 2
# "trusted": an account this old with this many published requests and comments together, and no sanction ever.
TRUSTED_AGE = timedelta(days=30)
TRUSTED_PUBLISHED = 10

# Limits on new members -----------------------------------------------------------------------------

# A new member's comments wait for a moderator until this many of them are published.
NEW_HELD_COMMENTS = 2
# Requests a new member may post within NEW_REQUESTS_WINDOW.
NEW_REQUESTS_PER_DAY = 3
NEW_REQUESTS_WINDOW = timedelta(hours=24)
# A new member's first day: this many photos per request, and no links in comments.
FIRST_DAY = timedelta(days=1)
FIRST_DAY_PHOTOS = 1
# Trusted members get their per-member rate limits multiplied by this.
TRUSTED_RATE_FACTOR = 2

# Comments ---------------------------------------------------------------------------------------------

# An author may edit a comment for this long after posting it (posts.requests.permissions.can_edit_comment).
COMMENT_EDIT_WINDOW = timedelta(minutes=15)

# Reports ---------------------------------------------------------------------------------------------

# Members' open reports on a published request or comment whose weights (REPORT_WEIGHTS, by each reporter's trust
# level) add up to this hide it until a moderator looks: three members, or six new accounts, or one trusted member
# and one member, or one moderator. A head count would let three new accounts hide anything.
AUTO_HIDE_SCORE = 3.0

# The review queue (posts/moderation/review.py) ------------------------------------------------------

# What one open report adds to its item's score, by the reporter's trust level; the queue shows the highest first.
# One member's reports on one thing are one report (a unique constraint on the open ones), so weigh once.
REPORT_WEIGHTS = {"new": 0.5, "member": 1.0, "trusted": 2.0}
# A moderator's report is enough to hide on its own. The site's own flag for a watched word weighs as much in the
# queue's order, but never hides anything: only members' reports count towards AUTO_HIDE_SCORE.
MODERATOR_REPORT_WEIGHT = AUTO_HIDE_SCORE
SITE_FLAG_WEIGHT = AUTO_HIDE_SCORE
# Items on one page of the queue.
REVIEW_QUEUE_PAGE_SIZE = 50

# Sanctions -------------------------------------------------------------------------------------------

# The lengths, in days, a moderator may silence or suspend a member for.
SANCTION_DAYS = (1, 3, 7, 14, 30)

# The review queue -------------------------------------------------------------------------------------

# `manage.py remind_moderators` emails moderators about what has waited in the queue longer than this.
QUEUE_REMINDER_AFTER = timedelta(hours=24)
