"""Date and number formats for Bambara (bm), as written in Mali.

Django ships no formats for Bambara. Mali writes dates day/month/year
(as in French usage, and CLDR's ``bm`` locale: ``d/M/y``); the week starts
on Monday (CLDR territory data for ML). Month and day names come from the
``bm`` gettext catalog, whose entries are CLDR's Bambara names.
Syntax: https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first format is the one used to display dates in forms.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '05/03/2014'
    "%d/%m/%y",  # '05/03/14'
    "%d.%m.%Y",  # '05.03.2014'
    "%Y-%m-%d",  # '2014-03-05' (what <input type="date"> sends)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",  # what <input type="datetime-local"> sends
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
