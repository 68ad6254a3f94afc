"""The regions people on Common Ground recognise.

England's seven NHS regions, the three devolved nations, and two places that
are not on a map: work that spans the whole UK, and work that happens online.
Shared by movements and institutions so filters mean the same on both sides.
"""

from django.db import models


class Region(models.TextChoices):
    NORTH_EAST_YORKSHIRE = "north-east-yorkshire", "North East and Yorkshire"
    NORTH_WEST = "north-west", "North West"
    MIDLANDS = "midlands", "Midlands"
    EAST_OF_ENGLAND = "east-of-england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "South East"
    SOUTH_WEST = "south-west", "South West"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    UK_WIDE = "uk-wide", "UK-wide"
    ONLINE = "online", "Online"


# The places an NHS organisation can be based: everything except the two
# that only describe where a movement works.
INSTITUTION_REGIONS = [choice for choice in Region.choices if choice[0] not in (Region.UK_WIDE, Region.ONLINE)]
