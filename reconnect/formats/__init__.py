"""Date formats that cannot be misread (FORMAT_MODULE_PATH): "1 Dec 2026, 20:59 UTC", "2026年12月1日 20:59 UTC".

Django's English defaults write "12/01/2026" (a month or a day first?) and "Dec. 1, 2026, 8:59 p.m.", whose
full stop doubles at the end of a sentence and which names no time zone. Everywhere the site, the admin and
the emails show a date, they show it in these, with the time zone (the site's, UTC) after every time.
"""
