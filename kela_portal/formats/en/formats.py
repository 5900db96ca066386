# British English dates ("25 November 2026"); numbers keep Django's English formats.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j.n.Y"
