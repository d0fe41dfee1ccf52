"""The locations Route 53 geolocation records accept, kept in one place.

Source: the Route 53 API reference, ``GeoLocation`` data type (what ``ListGeoLocations`` returns),
https://docs.aws.amazon.com/Route53/latest/APIReference/API_GeoLocation.html: seven continent
codes, the ISO 3166-1 alpha-2 country codes ("Route 53 also supports the country code UA for
Ukraine"), and US states as subdivisions. Subdivisions are not offered here: a location is one code
(``EU``, ``DE``); US-state routing would need a ``US-<state>`` form and is left out on purpose.
``*`` is the default location and is never listed by the user: the component adds it.
"""

from __future__ import annotations

CONTINENTS = ("AF", "AN", "AS", "EU", "NA", "OC", "SA")
DEFAULT_LOCATION = "*"

# ISO 3166-1 alpha-2, officially assigned codes.
_COUNTRY_TABLE = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
    BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
    EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
    HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
    LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
    NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRIES = frozenset(_COUNTRY_TABLE.split())


def is_continent(code: str) -> bool:
    """``NA`` and ``SA`` are both continents and countries (Namibia, Saudi Arabia): Route 53
    reads a code as a continent only in the continent field, so this module treats the seven
    continent codes as continents; Namibia and Saudi Arabia are then out of reach, as documented."""
    return code in CONTINENTS


def is_location(code: object) -> bool:
    return isinstance(code, str) and (code in CONTINENTS or code in COUNTRIES)
