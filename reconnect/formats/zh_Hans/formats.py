# 简体中文日期：年月日，时间用 24 小时制并注明时区。
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "Y年n月j日 H:i T"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i T"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
