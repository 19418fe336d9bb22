"""English as written in Mali and West Africa: day before month.

Django's default English formats are American (``N j, Y``, ``m/d/Y``
input), which would read ``05/03/2014`` as 3 May. The network's English
readers write day/month/year, as in French and Bambara.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '05/03/2014'
    "%d/%m/%y",  # '05/03/14'
    "%Y-%m-%d",  # '2014-03-05'
    "%d %B %Y",  # '5 March 2014'
    "%d %b %Y",  # '5 Mar 2014'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
