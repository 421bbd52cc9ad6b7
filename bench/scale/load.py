#!/usr/bin/env python3
"""Bulk-load a realistic London-sized Kith for the scale benchmark.

    load.py sqlite PATH.db      load into a migrated SQLite file
    load.py postgres            print the SQL for psql; its last line of output
                                (psql -v ON_ERROR_STOP=1 -q -A -t -F ' ') is the
                                consistency check row
    load.py check               read that row on standard input and check it

Precondition: a migrated database holding exactly the 64 benchmark people,
registered through the `register` mutation in order: person i (1..64) is
bench{i}@example.org. `register` writes only `people`, `sessions` and
`refresh_tokens` (no time account, membership or profile), so every table
this script loads must be empty; otherwise it stops with a message and
writes nothing.

Times are relative to the moment of loading (NOW, rounded down to the
minute; set KITH_BENCH_NOW to unix seconds to load the same rows twice;
KITH_BENCH_VERBOSE=1 times each SQLite statement). On 2 cores: SQLite
about 55 s (870 MB), PostgreSQL about 2 minutes (1.1 GB).
All rows come from number series and fixed arithmetic hashes, so both
backends loaded with the same NOW hold identical rows. Local times of day
are Europe/London wall-clock times (stored in UTC), as Kith stores them.

What it loads
-------------
- 60 real London postcode districts with their centres (`postcode_areas`).
- 200 groups: 1..190 community groups named after their area ("Brixton
  Good Neighbours" is group 1, "Peckham Food Bank" group 2, ...), voluntary
  groups, charities, social enterprises and faith groups, OPEN, APPROVAL or
  INVITATION; 191..200 statutory partners (adult social care, NHS, housing,
  fire and rescue, police) with a referral inbox. Each has a district.
- 5,000 volunteers, people 1..5000 (1..64 are the registered bench people;
  65..5000 have no password): a volunteer profile each (skills, languages,
  weekly availability, travel radius, home near their group's district);
  a current DBS check (BASIC, STANDARD or ENHANCED, expiring more than a year
  ahead) for about a third of 65..5000, none for 1..64.
- Memberships, all ACTIVE: person 1 is COORDINATOR of groups 1..5; people
  2..64 are MEMBER of groups 1..4; volunteers 65..5000 belong to 1 to 3
  community groups (first group 1 + (id - 65) % 190), and 65..444 are the
  COORDINATORS of their first group (two per group); every resident is a
  MEMBER of one group.
- 100,000 residents, people 5001..105000 (no login, created by a
  coordinator): a resident profile (area, location, address, phone, what
  matters, needs), consent to contact by volunteers, an emergency contact
  for every third resident, an outcome-survey invitation for the current
  half-year (so the daily invitation job has nothing to do), and one
  ACTIVE check-in plan each (plan id = resident id - 5000; weekly for 70%,
  fortnightly for 30%; phone, video or, with a vetted volunteer, visits;
  volunteer and backup are members of the resident's group).
- 1,000,000 check-ins, exactly 10 per plan (ids (plan - 1) * 10 + 1 ..
  plan * 10): those due before NOW have an outcome (WELL, CONCERN, DECLINED,
  or MISSED and resolved) except the overdue ones: MISSED, unresolved, with
  escalation finished (next_step_at NULL, so the escalation job has nothing
  to send) and MISSED + ESCALATED events; the rest are SCHEDULED up to the
  plans' materialised_until (the start of the 15th London day after NOW), so
  the materialiser job has nothing to do for a day. Reminders due before
  NOW are marked sent. Groups 1..5 get several hundred overdue check-ins.
- 970 activities (5 per community group, 2 per partner), mostly PUBLISHED,
  weekly or fortnightly (RRULE in London time) or one-off, with their dates
  materialised to NOW + 400 days like Kith does.
- 50,000 shifts in groups 1..190:
    ids 1..2400  the SIGN-UP RANGE, for the sign-up workload: group
                 1 + (id - 1) % 4 (600 each in groups 1..4), one hour each,
                 back to back and never overlapping, 15 a day from 07:00 UTC
                 on the day after loading; places 2..12, waiting list on,
                 no skills, no vetting, no sign-ups; every third one is
                 members-only.
    ids 2401..50000  from 60 days ago to 180 days ahead, 08:00-18:30 London
                 time, 1.5 to 4 hours, places 2..12, required skills on
                 about 15%, vetting on about 10%, members-only 30%, 3%
                 cancelled; sign-ups fill about half the places (CONFIRMED,
                 then WAITLISTED only on full shifts, some CANCELLED; never
                 more CONFIRMED than places), attendance recorded on most
                 past confirmed sign-ups. Nobody in 1..64 has a sign-up.
- A time bank: an account per volunteer (account id = person id, 1..5000)
  and per community/partner group (5000 + group id); 1,000,000 transfers
  (2,000,000 entries) over the last 694 days, as bench/ledger/load.py (one
  every 60 s, the newest at NOW); person 1's account has 3,003 entries.
  Balances, given and received minutes follow from the transfers (given
  and received count SHIFT, HELP_REQUEST and CHECK_IN only). Loaded
  transfers carry no source (source_kind NULL), so they never stand in the
  way of a real credit for a sign-up or check-in.
- Calendar feed tokens (stored as they are, not hashed):
    person 65 (a coordinator of group 1 who makes many check-ins):
        /calendar/person/kith-scale-feed-65.ics   about 1,000 events
        (confirmed shifts and check-ins to make; the exact number at load
        time is in the check line; nothing of person 65's is near the
        feed's 30-day cut-off, so it stays put for hours)
    person 1: /calendar/person/kith-scale-feed-1.ics (only what the
        benchmark itself signs person 1 up for)
  Group feeds (/calendar/group/{id}.ics, id = base64url("Group:N") without
  padding, R3JvdXA6MQ for group 1) hold 4 or 5 published activities each.

Contract for the harness
------------------------
- Register bench1@example.org .. bench64@example.org in that order (person
  ids 1..64), stop the server, load, start it again.
- upcomingShifts / overdueCheckIns / the statement: sign in as
  bench1@example.org (person 1, COORDINATOR of groups 1..5, member of the
  sign-up groups 1..4). overdueCheckIns(first: 50) for person 1 has more than
  50 rows (the check line gives the total).
- signUpForShift: shifts 1..2400 only (global id base64url("Shift:N")),
  as any of people 1..64. All rules pass: they are members, the shifts need
  no skill or vetting, start after the load day, are never cancelled and
  never overlap one another (so no SHIFT_CLASH), and have a waiting list
  (a full shift answers WAITLISTED, never SHIFT_FULL). The one rule left to
  the harness: a person may not sign up twice for the same shift
  (ALREADY_SIGNED_UP), so give each person a walk through the range of its
  own, for example person p's n-th request takes shift
  1 + ((p - 1) * 37 + n) % 2400, and use at most 2,400 requests per person.
- Calendar: GET /calendar/person/kith-scale-feed-65.ics.

Then ANALYZE (SQLite: also a WAL checkpoint; PostgreSQL: sequences set
after the explicit ids, then VACUUM ANALYZE), and the check row: the count
of every loaded table, no shift with more CONFIRMED sign-ups than places,
every balance equal to the sum of its entries and all summing to zero, at
least 300 overdue check-ins in groups 1..5, at least 2,000 free sign-up
shifts that do not overlap.
"""

import calendar
import os
import sqlite3
import sys
import time

# ---------------------------------------------------------------------------
# Sizes and fixed ids
# ---------------------------------------------------------------------------

BENCH_PEOPLE = 64
VOLUNTEERS = 5_000  # people 1..5000, 1..64 included
RESIDENTS = 100_000  # people 5001..105000
FIRST_RESIDENT = VOLUNTEERS + 1
COMMUNITY_GROUPS = 190  # groups 1..190
GROUPS = 200  # 191..200 are statutory partners
COORDINATED_BY_ONE = 5  # person 1 coordinates groups 1..5
SIGNUP_GROUPS = 4  # people 1..64 are members of groups 1..4
SIGNUP_SHIFTS = 2_400  # shifts 1..2400
SIGNUP_PER_DAY = 15
SHIFTS = 50_000
CHECK_INS_PER_PLAN = 10
TRANSFERS = 1_000_000
MINE_EVERY = 333
TRANSFER_STEP = 60
FEED_PERSON = 65
FEED_TOKEN = "kith-scale-feed-65"
BENCH_FEED_TOKEN = "kith-scale-feed-1"
FEED_HISTORY_DAYS = 30  # calendar/feeds.rs
MATERIALISED_DAYS = 15  # plans are materialised to the start of London day T0 + 15
ACTIVITY_HORIZON_DAYS = 400  # domain/activities HORIZON_DAYS
ACTIVITIES_PER_GROUP = 5
ACTIVITIES_PER_PARTNER = 2
ACTIVITIES = COMMUNITY_GROUPS * ACTIVITIES_PER_GROUP + (GROUPS - COMMUNITY_GROUPS) * ACTIVITIES_PER_PARTNER
DAY = 86_400
SERVICE_KINDS = "('SHIFT', 'HELP_REQUEST', 'CHECK_IN')"

# ---------------------------------------------------------------------------
# London: districts and centres, names, streets
# ---------------------------------------------------------------------------

# (area name, postcode district, latitude, longitude, borough)
AREAS = [
    ("Brixton", "SW2", 51.4613, -0.1156, "Lambeth"),
    ("Peckham", "SE15", 51.4700, -0.0690, "Southwark"),
    ("Camberwell", "SE5", 51.4740, -0.0930, "Southwark"),
    ("Hackney", "E8", 51.5450, -0.0550, "Hackney"),
    ("Walthamstow", "E17", 51.5860, -0.0200, "Waltham Forest"),
    ("Tottenham", "N17", 51.5970, -0.0700, "Haringey"),
    ("Islington", "N1", 51.5380, -0.0990, "Islington"),
    ("Camden Town", "NW1", 51.5390, -0.1430, "Camden"),
    ("Kentish Town", "NW5", 51.5500, -0.1410, "Camden"),
    ("Kilburn", "NW6", 51.5420, -0.1950, "Brent"),
    ("Shepherd's Bush", "W12", 51.5050, -0.2250, "Hammersmith and Fulham"),
    ("Acton", "W3", 51.5080, -0.2700, "Ealing"),
    ("Ealing", "W5", 51.5130, -0.3050, "Ealing"),
    ("Hammersmith", "W6", 51.4930, -0.2250, "Hammersmith and Fulham"),
    ("Fulham", "SW6", 51.4760, -0.2000, "Hammersmith and Fulham"),
    ("Battersea", "SW11", 51.4650, -0.1650, "Wandsworth"),
    ("Clapham", "SW4", 51.4620, -0.1380, "Lambeth"),
    ("Tooting", "SW17", 51.4270, -0.1680, "Wandsworth"),
    ("Streatham", "SW16", 51.4200, -0.1280, "Lambeth"),
    ("Wimbledon", "SW19", 51.4210, -0.2060, "Merton"),
    ("Lewisham", "SE13", 51.4620, -0.0100, "Lewisham"),
    ("Deptford", "SE8", 51.4790, -0.0270, "Lewisham"),
    ("Greenwich", "SE10", 51.4810, -0.0050, "Greenwich"),
    ("Woolwich", "SE18", 51.4880, 0.0690, "Greenwich"),
    ("Catford", "SE6", 51.4380, -0.0200, "Lewisham"),
    ("Croydon", "CR0", 51.3760, -0.0980, "Croydon"),
    ("Bromley", "BR1", 51.4060, 0.0150, "Bromley"),
    ("Sutton", "SM1", 51.3650, -0.1930, "Sutton"),
    ("Kingston", "KT1", 51.4100, -0.3000, "Kingston upon Thames"),
    ("Richmond", "TW9", 51.4610, -0.3030, "Richmond upon Thames"),
    ("Hounslow", "TW3", 51.4680, -0.3620, "Hounslow"),
    ("Southall", "UB1", 51.5110, -0.3750, "Ealing"),
    ("Harrow", "HA1", 51.5800, -0.3370, "Harrow"),
    ("Wembley", "HA9", 51.5560, -0.2800, "Brent"),
    ("Enfield", "EN1", 51.6520, -0.0800, "Enfield"),
    ("Edmonton", "N9", 51.6250, -0.0600, "Enfield"),
    ("Barnet", "EN5", 51.6500, -0.2000, "Barnet"),
    ("Finchley", "N3", 51.6010, -0.1930, "Barnet"),
    ("Ilford", "IG1", 51.5590, 0.0740, "Redbridge"),
    ("Romford", "RM1", 51.5770, 0.1830, "Havering"),
    ("Barking", "IG11", 51.5360, 0.0810, "Barking and Dagenham"),
    ("Stratford", "E15", 51.5410, 0.0030, "Newham"),
    ("Bow", "E3", 51.5280, -0.0240, "Tower Hamlets"),
    ("Whitechapel", "E1", 51.5170, -0.0600, "Tower Hamlets"),
    ("Leyton", "E10", 51.5660, -0.0150, "Waltham Forest"),
    ("Stoke Newington", "N16", 51.5620, -0.0750, "Hackney"),
    ("Holloway", "N7", 51.5540, -0.1170, "Islington"),
    ("Wood Green", "N22", 51.5970, -0.1100, "Haringey"),
    ("Crouch End", "N8", 51.5800, -0.1230, "Haringey"),
    ("Bermondsey", "SE16", 51.4980, -0.0600, "Southwark"),
    ("Kennington", "SE11", 51.4880, -0.1110, "Lambeth"),
    ("Vauxhall", "SW8", 51.4810, -0.1240, "Lambeth"),
    ("Putney", "SW15", 51.4600, -0.2160, "Wandsworth"),
    ("Wandsworth", "SW18", 51.4540, -0.1920, "Wandsworth"),
    ("Forest Hill", "SE23", 51.4390, -0.0530, "Lewisham"),
    ("Sydenham", "SE26", 51.4270, -0.0540, "Lewisham"),
    ("West Norwood", "SE27", 51.4310, -0.1000, "Lambeth"),
    ("Eltham", "SE9", 51.4500, 0.0530, "Greenwich"),
    ("Dagenham", "RM10", 51.5400, 0.1480, "Barking and Dagenham"),
    ("Uxbridge", "UB8", 51.5460, -0.4790, "Hillingdon"),
]

# (name pattern, kind, description); {a} is the area.
GROUP_KINDS = [
    ("{a} Good Neighbours", "VOLUNTARY_GROUP",
     "Neighbours helping neighbours in {a}: shopping, lifts, a friendly call and a hand with odd jobs."),
    ("{a} Food Bank", "CHARITY",
     "Emergency food parcels and a weekly community larder for anyone in {a} who needs them."),
    ("{a} Mutual Aid", "VOLUNTARY_GROUP",
     "Started in 2020 and still going: prescriptions, shopping and check-in calls across {a}."),
    ("{a} Community Café", "SOCIAL_ENTERPRISE",
     "A pay-what-you-can café and warm space run by local volunteers in {a}."),
    ("St Mary's Church, {a}", "FAITH_GROUP",
     "Lunch club, coffee mornings and home visits from St Mary's, open to everyone in {a}."),
    ("{a} Befriending Scheme", "CHARITY",
     "Weekly befriending visits and phone calls for older people living alone in {a}."),
    ("{a} Lunch Club", "VOLUNTARY_GROUP",
     "A hot two-course lunch and good company every week in {a}; transport can be arranged."),
    ("{a} Repair Café", "SOCIAL_ENTERPRISE",
     "Bring your broken things: volunteers fix lamps, clothes, bikes and phones in {a}."),
    ("{a} Islamic Centre Community Support", "FAITH_GROUP",
     "Food support, welfare visits and a women's coffee morning from the {a} Islamic Centre."),
    ("{a} Older People's Forum", "CHARITY",
     "A voice for older residents of {a}, with health walks, talks and a monthly social."),
]

# (name, kind, area index, acknowledge days)
PARTNERS = [
    ("Lambeth Adult Social Care", "COUNCIL_ADULT_SOCIAL_CARE", 0, 2),
    ("Southwark Adult Social Care", "COUNCIL_ADULT_SOCIAL_CARE", 1, 3),
    ("Guy's and St Thomas' Community Health Services", "NHS", 50, 2),
    ("Whittington Health Community Services", "NHS", 46, 2),
    ("Lewisham Homes Tenancy Support", "HOUSING", 20, 5),
    ("Hackney Council Housing Needs", "HOUSING", 3, 5),
    ("London Fire Brigade Home Fire Safety Visits", "FIRE_AND_RESCUE", 42, 3),
    ("Croydon Adult Social Care", "COUNCIL_ADULT_SOCIAL_CARE", 25, 2),
    ("Metropolitan Police Safer Neighbourhoods, Lambeth", "OTHER_STATUTORY", 16, 5),
    ("Barnet Enablement and Reablement Service", "COUNCIL_ADULT_SOCIAL_CARE", 36, 3),
]

FIRST_NAMES = [
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophia", "Lily", "Freya", "Ivy",
    "Florence", "Aisha", "Fatima", "Zainab", "Priya", "Ananya", "Chloe", "Ella", "Margaret",
    "Patricia", "Jean", "Joan", "Maureen", "Irene", "Sylvia", "Doreen", "Agnieszka",
    "Magdalena", "Ama", "Chidinma", "Mariam", "Niamh",
    "Oliver", "George", "Noah", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Jack",
    "Jacob", "Yusuf", "Ibrahim", "Arjun", "Rohan", "Kwame", "Tunde", "David", "John",
    "Peter", "Michael", "Brian", "Kenneth", "Derek", "Roy", "Tomasz", "Piotr", "Mehmet",
    "Emre", "Declan", "Seamus", "Winston", "Errol",
]

LAST_NAMES = [
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Khan", "Ahmed", "Ali",
    "Hussain", "Begum", "Shah", "Singh", "Kaur", "Okafor", "Adeyemi", "Mensah", "Osei",
    "Nowak", "Kowalski", "Wiśniewska", "Yilmaz", "Demir", "Murphy", "O'Brien", "Kelly",
    "Campbell", "Stewart", "Morgan", "Cooper", "King", "Baker", "Turner", "Hill", "Scott",
    "Moore", "Ward", "Wood", "Jackson", "Martin", "Chen", "Nguyen", "Costa", "Silva",
    "Ferreira", "Mohamed",
]

STREETS = [
    "Acre Lane", "Coldharbour Lane", "Rye Lane", "Mare Street", "Hoe Street", "High Road",
    "Upper Street", "Chalk Farm Road", "Fortess Road", "Kilburn High Road", "Uxbridge Road",
    "Churchfield Road", "Bond Street", "King Street", "Dawes Road", "Lavender Hill",
    "Clapham Manor Street", "Mitcham Road", "Gleneagle Road", "Hartfield Road",
    "Lee High Road", "Tanners Hill", "Royal Hill", "Powis Street", "Rushey Green",
    "Church Street", "Widmore Road", "Throwley Way", "Eden Street", "Sheen Road",
    "Station Road", "Victoria Road", "Albert Road", "Park Road", "Grove Road",
    "Manor Road", "Queens Road", "Springfield Road", "Elm Grove", "Cedar Close",
    "Beech Avenue", "Maple Court", "Chestnut Rise", "Holly Walk", "Willow Way",
    "Orchard Gardens", "Mill Lane", "Chapel Road",
]

SKILLS = [
    "", "driving", "cooking\nfood hygiene", "first aid", "befriending",
    "driving\nfirst aid", "gardening", "digital skills", "befriending\nlistening",
    "cooking", "diy\ngardening", "languages\nbefriending", "", "admin", "driving\ncooking",
    "first aid\nbefriending",
]

LANGUAGES = [
    "english", "english", "english", "english\npolish", "english\nbengali",
    "english\nurdu", "english\nsomali", "english\nturkish", "english\nspanish",
    "english\nportuguese", "english\nyoruba", "english\ngujarati",
]

AVAILABILITY = [
    '[{"day":"MONDAY","start":"09:00","end":"12:00"},{"day":"WEDNESDAY","start":"09:00","end":"12:00"}]',
    '[{"day":"TUESDAY","start":"13:00","end":"17:00"}]',
    '[{"day":"SATURDAY","start":"10:00","end":"16:00"},{"day":"SUNDAY","start":"10:00","end":"13:00"}]',
    '[{"day":"THURSDAY","start":"18:00","end":"21:00"}]',
    '[{"day":"MONDAY","start":"10:00","end":"16:00"},{"day":"TUESDAY","start":"10:00","end":"16:00"},'
    '{"day":"WEDNESDAY","start":"10:00","end":"16:00"},{"day":"THURSDAY","start":"10:00","end":"16:00"},'
    '{"day":"FRIDAY","start":"10:00","end":"16:00"}]',
    '[{"day":"FRIDAY","start":"09:30","end":"12:30"}]',
    '[{"day":"WEDNESDAY","start":"17:30","end":"20:00"},{"day":"SATURDAY","start":"09:00","end":"12:00"}]',
    "[]",
]

# (title, description, location, required skills, required vetting)
SHIFT_KINDS = [
    ("Food bank: sorting donations", "Check dates, sort tins and pack parcels for the week.",
     "Community hall", "", "NONE"),
    ("Lunch club kitchen helper", "Help prepare and serve a two-course lunch, then wash up.",
     "Church hall kitchen", "food hygiene", "NONE"),
    ("Befriending phone calls", "A friendly call to members who live alone; a script and a list are provided.",
     "From home", "", "NONE"),
    ("Community café counter", "Take orders, make tea and coffee and chat with regulars.",
     "Community café", "", "NONE"),
    ("Driving residents to appointments", "Use your own car to take residents to GP and hospital appointments.",
     "Meet at the group's office", "driving", "BASIC"),
    ("Warm space host", "Welcome people, keep the urn on and point them to help if they need it.",
     "Library meeting room", "", "NONE"),
    ("Garden maintenance", "Weeding, pruning and watering in the community garden.",
     "Community garden", "", "NONE"),
    ("Digital drop-in helper", "Help people with phones, tablets, email and online forms.",
     "Library", "digital skills", "NONE"),
    ("Litter pick", "Litter pick around the estate; gloves and pickers provided.",
     "Meet by the park gates", "", "NONE"),
    ("Home visit support", "Accompany a coordinator on welfare visits to residents at home.",
     "Residents' homes", "", "ENHANCED"),
]

# (title, category, description, start minute of day, minutes, rule, capacity, cost pence, accessibility)
ACTIVITY_KINDS = [
    ("Lunch Club", "lunch club", "A hot two-course lunch with tea and a chat. Vegetarian and halal options.",
     12 * 60, 120, "FREQ=WEEKLY", 40, 350, "Step-free access; accessible toilet"),
    ("Coffee Morning", "coffee morning", "Drop in for a cuppa, cake and company. Everyone welcome.",
     10 * 60, 120, "FREQ=WEEKLY", None, 0, "Step-free access; hearing loop"),
    ("Health Walk", "walking", "A gentle hour's walk at an easy pace, led by trained walk leaders.",
     10 * 60 + 30, 60, "FREQ=WEEKLY", 20, 0, "Flat route; benches along the way"),
    ("Seated Exercise", "seated exercise", "Chair-based exercise to music to help strength and balance.",
     14 * 60, 60, "FREQ=WEEKLY", 25, 200, "Step-free access"),
    ("Digital Drop-in", "digital help", "Help with phones, tablets, email, video calls and online forms.",
     13 * 60 + 30, 120, "FREQ=WEEKLY;INTERVAL=2", 12, 0, "Step-free access; large-print guides"),
    ("Singing for Wellbeing", "singing", "A friendly singing group, no experience needed.",
     11 * 60, 90, "FREQ=WEEKLY", 30, 0, "Step-free access; hearing loop"),
    ("Memory Café", "memory cafe", "A relaxed afternoon for people living with dementia and their carers.",
     14 * 60, 120, "FREQ=WEEKLY;INTERVAL=2", 20, 0, "Dementia friendly; accessible toilet"),
    ("Benefits Advice Surgery", "benefits advice", "Free, confidential help with benefits, bills and debt.",
     9 * 60 + 30, 180, None, 10, 0, "Step-free access; interpreters on request"),
    ("Knit and Natter", "knitting", "Bring your knitting or learn; wool and needles provided.",
     15 * 60, 120, "FREQ=WEEKLY", None, 0, "Step-free access"),
    ("Community Garden Day", "gardening", "Planting, weeding and a shared lunch in the garden.",
     10 * 60, 240, None, 25, 0, "Some uneven ground"),
]

# ---------------------------------------------------------------------------
# Time: NOW, London days
# ---------------------------------------------------------------------------


def london_offset(utc: int) -> int:
    """Seconds Europe/London is ahead of UTC at this instant: British Summer
    Time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the
    last Sunday of October."""
    year = time.gmtime(utc).tm_year

    def last_sunday(month: int) -> int:
        last = calendar.monthrange(year, month)[1]
        day = max(d for d in range(last - 6, last + 1) if calendar.weekday(year, month, d) == 6)
        return calendar.timegm((year, month, day, 1, 0, 0))

    return 3600 if last_sunday(3) <= utc < last_sunday(10) else 0


def load_now() -> int:
    fixed = os.environ.get("KITH_BENCH_NOW", "").strip()
    now = int(fixed) if fixed else int(time.time())
    return now - now % 60


NOW = load_now()
T0 = (NOW + london_offset(NOW)) // DAY  # today's London date, as days since 1970-01-01
DAYS_FROM = T0 - 200
DAYS_TO = T0 + ACTIVITY_HORIZON_DAYS + 20


def london_day_offset(day: int) -> int:
    """The UTC offset on a London date at midday (clocks change at night)."""
    return london_offset(day * DAY + 12 * 3600)


def london_midnight(day: int) -> int:
    return day * DAY - london_day_offset(day)


MATERIALISED_UNTIL = london_midnight(T0 + MATERIALISED_DAYS)


def period_label_and_start():
    """The outcome-survey half-year NOW falls in (by London date), and the
    time its invitations are taken to have gone out: the job's 10:00 UTC slot
    on the period's first day, or NOW if that is still to come."""
    y, m = time.gmtime(T0 * DAY)[:2]
    half = 1 if m <= 6 else 2
    start = calendar.timegm((y, 1 if half == 1 else 7, 1, 10, 0, 0))
    return f"{y}-H{half}", min(start, NOW)


PERIOD, INVITED_AT = period_label_and_start()

# ---------------------------------------------------------------------------
# SQL helpers
# ---------------------------------------------------------------------------


def q(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def H(expr: str, salt: int) -> str:
    """A well-mixed non-negative hash of an integer expression (0..16.7M)."""
    return f"(((({expr}) + {salt}) * 2654435761 % 4294967291) / 256)"


def pick(index_expr: str, options: list) -> str:
    """CASE choosing one of `options` (SQL literals) by a 0-based index."""
    whens = " ".join(f"WHEN {i} THEN {o}" for i, o in enumerate(options))
    return f"(CASE {index_expr} {whens} END)"


def values(rows) -> str:
    def lit(v):
        if v is None:
            return "NULL"
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, (int, float)):
            return repr(v)
        return q(v)

    return ", ".join("(" + ", ".join(lit(v) for v in r) + ")" for r in rows)


class Dialect:
    def __init__(self, name: str):
        self.name = name

    def series(self, n: int, start: int = 1) -> str:
        if self.name == "sqlite":
            return (
                f"WITH RECURSIVE s(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM s WHERE i < {n}) "
                "SELECT i FROM s"
            )
        return f"SELECT generate_series({start}::bigint, {n}::bigint) AS i"

    def ts(self, secs: str) -> str:
        if self.name == "sqlite":
            return f"strftime('%Y-%m-%d %H:%M:%S', {secs}, 'unixepoch')"
        return f"(to_timestamp({secs}) AT TIME ZONE 'UTC')::timestamp(0)"

    def date(self, secs: str) -> str:
        if self.name == "sqlite":
            return f"date({secs}, 'unixepoch')"
        return f"(to_timestamp({secs}) AT TIME ZONE 'UTC')::date"

    def analyze(self, table: str) -> list:
        # Temporary helper tables: PostgreSQL plans joins on them better with
        # statistics (autovacuum never sees temporary tables).
        return [f"ANALYZE {table}"] if self.name == "postgres" else []


LOADED_TABLES = [
    "groups", "postcode_areas", "memberships", "volunteer_profiles", "vettings", "resident_profiles",
    "emergency_contacts", "consents", "check_in_plans", "check_ins", "check_in_events", "shifts",
    "shift_signups", "activities", "activity_occurrences", "activity_bookings", "time_accounts",
    "time_transfers", "time_entries", "outcome_invitations", "outcome_surveys", "calendar_feeds",
    "help_requests", "referrals", "safeguarding_concerns",
]

# ---------------------------------------------------------------------------
# The load, statement by statement
# ---------------------------------------------------------------------------


def helper_tables(d: Dialect) -> list:
    days = [(day, london_day_offset(day), london_midnight(day)) for day in range(DAYS_FROM, DAYS_TO + 1)]
    areas = [(i, a[0], a[1], a[2], a[3], a[4]) for i, a in enumerate(AREAS)]
    groups = []
    for g in range(1, COMMUNITY_GROUPS + 1):
        a = (g - 1) % len(AREAS)
        k = ((g - 1) // len(AREAS) + a) % len(GROUP_KINDS)
        groups.append((g, a, GROUP_KINDS[k][0].format(a=AREAS[a][0]), GROUP_KINDS[k][1],
                       GROUP_KINDS[k][2].format(a=AREAS[a][0])))
    for i, (name, kind, a, _) in enumerate(PARTNERS):
        groups.append((COMMUNITY_GROUPS + 1 + i, a, name, kind,
                       f"Referrals from community groups in {AREAS[a][4]} and neighbouring boroughs."))
    stmts = [
        "CREATE TEMPORARY TABLE bench_days (day BIGINT PRIMARY KEY, off BIGINT NOT NULL, mid BIGINT NOT NULL)",
        f"INSERT INTO bench_days (day, off, mid) VALUES {values(days)}",
        "CREATE TEMPORARY TABLE bench_areas (a BIGINT PRIMARY KEY, name TEXT, district TEXT, "
        "lat DOUBLE PRECISION, lng DOUBLE PRECISION, borough TEXT)",
        f"INSERT INTO bench_areas VALUES {values(areas)}",
        "CREATE TEMPORARY TABLE bench_groups (g BIGINT PRIMARY KEY, a BIGINT, name TEXT, kind TEXT, description TEXT)",
        f"INSERT INTO bench_groups VALUES {values(groups)}",
        "CREATE TEMPORARY TABLE bench_first (i BIGINT PRIMARY KEY, name TEXT)",
        f"INSERT INTO bench_first VALUES {values(enumerate(FIRST_NAMES))}",
        "CREATE TEMPORARY TABLE bench_last (i BIGINT PRIMARY KEY, name TEXT)",
        f"INSERT INTO bench_last VALUES {values(enumerate(LAST_NAMES))}",
        "CREATE TEMPORARY TABLE bench_streets (i BIGINT PRIMARY KEY, name TEXT)",
        f"INSERT INTO bench_streets VALUES {values(enumerate(STREETS))}",
    ]
    for t in ["bench_days", "bench_areas", "bench_groups", "bench_first", "bench_last", "bench_streets"]:
        stmts += d.analyze(t)
    return stmts


def first_group(v: str) -> str:
    """A loaded volunteer's first (and main) group."""
    return f"(1 + (({v}) - 65) % {COMMUNITY_GROUPS})"


def coordinator(g: str) -> str:
    """The first coordinator of a community group (65..254)."""
    return f"(64 + ({g}))"


def resident_group(r: str) -> str:
    """A resident's group (community groups only, about 526 residents each)."""
    return f"(1 + (({r}) - {FIRST_RESIDENT}) % {COMMUNITY_GROUPS})"


def vetted(v: str) -> str:
    return f"(({v}) >= 65 AND ({v}) * 31 % 100 < 35)"


def groups_sql(d: Dialect) -> list:
    made = d.ts(f"{NOW} - (420 + b.g * 3) * {DAY}")
    partner = f"b.g > {COMMUNITY_GROUPS}"
    ack = " ".join(f"WHEN {COMMUNITY_GROUPS + 1 + i} THEN {p[3]}" for i, p in enumerate(PARTNERS))
    return [
        f"""INSERT INTO postcode_areas (district, latitude, longitude)
            SELECT district, lat, lng FROM bench_areas""",
        f"""INSERT INTO groups (id, name, search_name, kind, description, join_policy, area,
                contact_email, created_by, created_at, updated_at, referral_email, accepted_reasons,
                acknowledge_days, postcode_area)
            SELECT b.g, b.name, lower(b.name), b.kind, b.description,
                CASE WHEN {partner} THEN 'INVITATION'
                     WHEN b.g <= {SIGNUP_GROUPS} OR b.g % 3 <> 0 THEN 'OPEN'
                     WHEN b.g % 9 = 0 THEN 'INVITATION' ELSE 'APPROVAL' END,
                a.name,
                'hello.group' || CAST(b.g AS TEXT) || '@example.org',
                CASE WHEN {partner} THEN 1 ELSE {coordinator('b.g')} END,
                {made}, {made},
                CASE WHEN {partner} THEN 'referrals.partner' || CAST(b.g AS TEXT) || '@example.org' END,
                '',
                CASE b.g {ack} ELSE 2 END,
                a.district
            FROM bench_groups b JOIN bench_areas a ON a.a = b.a
            ORDER BY b.g""",
    ]


def people_sql(d: Dialect) -> list:
    nf, nl = len(FIRST_NAMES), len(LAST_NAMES)
    # Coordinators (65..444) joined before any group was set up (groups are
    # 420..1020 days old); residents 130..410 days ago, before their plans.
    vol_made = (f"{NOW} - (CASE WHEN s.i < 65 + 2 * {COMMUNITY_GROUPS} THEN 1100 ELSE 40 END "
                f"+ {H('s.i', 11)} % 300) * {DAY}")
    res_made = f"{NOW} - (130 + {H('s.i', 12)} % 280) * {DAY}"
    return [
        # Volunteers 65..5000: they signed up themselves (no password here).
        f"""INSERT INTO people (id, email, password_hash, display_name, contact_channel, language,
                created_by, created_at, updated_at)
            SELECT s.i, lower(f.name) || '.' || lower(replace(l.name, '''', '')) || CAST(s.i AS TEXT)
                    || '@example.org',
                NULL, f.name || ' ' || l.name, 'EMAIL', 'en', NULL,
                {d.ts(vol_made)}, {d.ts(vol_made)}
            FROM ({d.series(VOLUNTEERS, BENCH_PEOPLE + 1)}) AS s
            JOIN bench_first f ON f.i = {H('s.i', 1)} % {nf}
            JOIN bench_last l ON l.i = {H('s.i', 2)} % {nl}
            ORDER BY s.i""",
        # Residents, created by a coordinator of their group.
        f"""INSERT INTO people (id, email, password_hash, display_name, contact_channel, language,
                accessibility_needs, do_not_contact, created_by, created_at, updated_at)
            SELECT s.i, NULL, NULL, f.name || ' ' || l.name,
                {pick(f"{H('s.i', 3)} % 10",
                      ["'PHONE'", "'PHONE'", "'PHONE'", "'PHONE'", "'PHONE'", "'PHONE'", "'POST'",
                       "'IN_PERSON'", "'TEXT'", "'PHONE'"])},
                {pick(f"{H('s.i', 4)} % 20",
                      ["'bn'", "'pl'", "'so'", "'tr'", "'ur'", "'pt'"] + ["'en'"] * 14)},
                {pick(f"{H('s.i', 5)} % 8",
                      ["'Hard of hearing: please speak clearly and face them.'",
                       "'Uses a wheelchair; ground floor flat.'",
                       "'Partially sighted: large print, please.'"] + ["''"] * 5)},
                FALSE, {coordinator(resident_group('s.i'))},
                {d.ts(res_made)}, {d.ts(res_made)}
            FROM ({d.series(VOLUNTEERS + RESIDENTS, FIRST_RESIDENT)}) AS s
            JOIN bench_first f ON f.i = {H('s.i', 1)} % {nf}
            JOIN bench_last l ON l.i = {H('s.i', 2)} % {nl}
            ORDER BY s.i""",
    ]


def volunteers_sql(d: Dialect) -> list:
    g = f"(CASE WHEN s.i <= {BENCH_PEOPLE} THEN 1 + s.i % {SIGNUP_GROUPS} ELSE {first_group('s.i')} END)"
    jitter = lambda salt: f"(({H('s.i', salt)} % 4001) - 2000) / 100000.0"  # noqa: E731
    issued = f"{NOW} - (20 + {H('s.i', 24)} % 700) * {DAY}"
    fg = first_group("s.i")
    return [
        f"""INSERT INTO volunteer_profiles (person_id, skills, languages, availability,
                travel_radius_km, latitude, longitude, updated_at)
            SELECT s.i,
                CASE WHEN s.i <= {BENCH_PEOPLE} THEN ''
                     ELSE {pick(f"{H('s.i', 20)} % {len(SKILLS)}", [q(x) for x in SKILLS])} END,
                {pick(f"{H('s.i', 21)} % {len(LANGUAGES)}", [q(x) for x in LANGUAGES])},
                {pick(f"{H('s.i', 22)} % {len(AVAILABILITY)}", [q(x) for x in AVAILABILITY])},
                2 + {H('s.i', 23)} % 14,
                a.lat + {jitter(25)}, a.lng + {jitter(26)},
                {d.ts(f"{NOW} - (1 + {H('s.i', 27)} % 300) * {DAY}")}
            FROM ({d.series(VOLUNTEERS)}) AS s
            JOIN bench_groups b ON b.g = {g}
            JOIN bench_areas a ON a.a = b.a
            ORDER BY s.i""",
        # A current DBS check for about a third of the loaded volunteers,
        # recorded by a coordinator of their first group.
        f"""INSERT INTO vettings (id, person_id, level, reference, issued_on, expires_on,
                verified_by, group_id, recorded_at)
            SELECT s.i, s.i,
                {pick(f"{H('s.i', 28)} % 10",
                      ["'BASIC'"] * 5 + ["'STANDARD'"] * 2 + ["'ENHANCED'"] * 3)},
                '00' || CAST(1000000000 + s.i * 7919 AS TEXT),
                {d.date(issued)}, {d.date(f"{issued} + 1095 * {DAY}")},
                CASE WHEN s.i = {coordinator(fg)} THEN {coordinator(fg)} + {COMMUNITY_GROUPS}
                     ELSE {coordinator(fg)} END,
                {fg}, {d.ts(issued)}
            FROM ({d.series(VOLUNTEERS, BENCH_PEOPLE + 1)}) AS s
            WHERE {vetted('s.i')}
            ORDER BY s.i""",
    ]


def memberships_sql(d: Dialect) -> list:
    made = f"{NOW} - 200 * {DAY}"
    vol_made = f"{NOW} - (30 + {H('s.i', 31)} % 380) * {DAY}"
    return [
        # The bench people: person 1 coordinates groups 1..5, the others are
        # members of groups 1..4. Ids 1..320.
        f"""INSERT INTO memberships (id, group_id, person_id, role, status, invited_by, decided_by,
                decided_at, created_at, updated_at)
            SELECT (p.i - 1) * 5 + g.i, g.i, p.i,
                CASE WHEN p.i = 1 THEN 'COORDINATOR' ELSE 'MEMBER' END, 'ACTIVE', NULL, NULL, NULL,
                {d.ts(made)}, {d.ts(made)}
            FROM ({d.series(BENCH_PEOPLE)}) AS p CROSS JOIN ({d.series(COORDINATED_BY_ONE)}) AS g
            WHERE g.i <= {SIGNUP_GROUPS} OR p.i = 1
            ORDER BY 1""",
        # Volunteers 65..5000 in 1 to 3 groups; 65..444 coordinate their
        # first group. Ids 1000 + 3 * person + k.
        f"""INSERT INTO memberships (id, group_id, person_id, role, status, invited_by, decided_by,
                decided_at, created_at, updated_at)
            SELECT 1000 + 3 * s.i + k.i,
                1 + (s.i - 65 + k.i * (37 + {H('s.i', 32)} % 50)) % {COMMUNITY_GROUPS},
                s.i,
                CASE WHEN k.i = 0 AND s.i < 65 + 2 * {COMMUNITY_GROUPS} THEN 'COORDINATOR' ELSE 'MEMBER' END,
                'ACTIVE', NULL, NULL, NULL, {d.ts(vol_made)}, {d.ts(vol_made)}
            FROM ({d.series(VOLUNTEERS, BENCH_PEOPLE + 1)}) AS s
            CROSS JOIN (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) AS k
            WHERE k.i <= {H('s.i', 33)} % 3
            ORDER BY 1""",
        # Residents: members of their group, added by its coordinator.
        f"""INSERT INTO memberships (id, group_id, person_id, role, status, invited_by, decided_by,
                decided_at, created_at, updated_at)
            SELECT 100000 + pe.id, {resident_group('pe.id')}, pe.id, 'MEMBER', 'ACTIVE', NULL,
                {coordinator(resident_group('pe.id'))}, pe.created_at, pe.created_at, pe.created_at
            FROM people pe WHERE pe.id >= {FIRST_RESIDENT}
            ORDER BY pe.id""",
    ]


def residents_sql(d: Dialect) -> list:
    jitter = lambda salt: f"(({H('pe.id', salt)} % 3001) - 1500) / 100000.0"  # noqa: E731
    g = resident_group("pe.id")
    return [
        f"""INSERT INTO resident_profiles (person_id, area, latitude, longitude, address, phone,
                what_matters, needs, risk_enablement, budget_pence, budget_direct_payment,
                updated_by, created_at, updated_at)
            SELECT pe.id, a.name, a.lat + {jitter(34)}, a.lng + {jitter(35)},
                CAST(1 + {H('pe.id', 36)} % 180 AS TEXT) || ' ' || st.name || ', ' || a.name || ', London '
                    || a.district,
                '020 7946 0' || CAST(100 + {H('pe.id', 37)} % 900 AS TEXT),
                {pick(f"{H('pe.id', 38)} % 6", [
                    q("Staying in my own home and seeing my grandchildren."),
                    q("My garden, my cat and a chat with someone most days."),
                    q("Getting to church on Sundays and keeping up with friends."),
                    q("Being independent; I do not want a fuss."),
                    q("Cooking for myself again and getting out to the market."),
                    q("Music, the radio and a proper cup of tea."),
                ])},
                {pick(f"{H('pe.id', 39)} % 6", [
                    q("Help with the weekly shop; lives alone since her husband died."),
                    q("Unsteady on her feet after a fall; lifts to appointments."),
                    q("Early-stage dementia; a friendly reminder call helps."),
                    q("Housebound in winter; would like company."),
                    q("Hard of hearing; prefers visits to phone calls."),
                    q("Recently out of hospital; check in on how they are managing."),
                ])},
                CASE WHEN {H('pe.id', 40)} % 5 = 0
                     THEN 'Walks to the shop alone; agreed this is important to them despite the falls risk.'
                     ELSE '' END,
                CASE WHEN {H('pe.id', 40)} % 7 = 0 THEN 20000 + {H('pe.id', 41)} % 80000 END,
                ({H('pe.id', 40)} % 14 = 0),
                {coordinator(g)}, pe.created_at, pe.created_at
            FROM people pe
            JOIN bench_groups b ON b.g = {g}
            JOIN bench_areas a ON a.a = b.a
            JOIN bench_streets st ON st.i = {H('pe.id', 42)} % {len(STREETS)}
            WHERE pe.id >= {FIRST_RESIDENT}
            ORDER BY pe.id""",
        # Consent to contact by volunteers, recorded when they joined.
        f"""INSERT INTO consents (id, resident_id, purpose, given, note, recorded_by, recorded_at)
            SELECT pe.id - {VOLUNTEERS}, pe.id, 'contact by volunteers', TRUE,
                'Agreed at the first visit.', {coordinator(g)}, pe.created_at
            FROM people pe WHERE pe.id >= {FIRST_RESIDENT}
            ORDER BY pe.id""",
        # An emergency contact for every third resident; contact id =
        # resident id - 5000.
        f"""INSERT INTO emergency_contacts (id, resident_id, position, name, relationship, phone,
                email, created_by, created_at)
            SELECT pe.id - {VOLUNTEERS}, pe.id, 1, f.name || ' ' || l.name,
                {pick(f"{H('pe.id', 43)} % 5", ["'daughter'", "'son'", "'neighbour'", "'niece'", "'friend'"])},
                '07700 900' || CAST(100 + {H('pe.id', 44)} % 900 AS TEXT),
                CASE WHEN pe.id % 2 = 0
                     THEN 'family' || CAST(pe.id AS TEXT) || '@example.org' END,
                {coordinator(g)}, pe.created_at
            FROM people pe
            JOIN bench_first f ON f.i = {H('pe.id', 45)} % {len(FIRST_NAMES)}
            JOIN bench_last l ON l.i = {H('pe.id', 2)} % {len(LAST_NAMES)}
            WHERE pe.id >= {FIRST_RESIDENT} AND pe.id % 3 = 0
            ORDER BY pe.id""",
        # Everyone was invited to this half-year's outcome survey (on their
        # groups' call list: none of them has an email address).
        f"""INSERT INTO outcome_invitations (resident_id, period, channel, invited_at)
            SELECT pe.id, {q(PERIOD)},
                CASE WHEN pe.contact_channel = 'EMAIL' THEN 'PHONE' ELSE pe.contact_channel END,
                {d.ts(str(INVITED_AT))}
            FROM people pe WHERE pe.id >= {FIRST_RESIDENT}
            ORDER BY pe.id""",
    ]


def plans_sql(d: Dialect) -> list:
    """A helper row per plan, then the plans. Plan id = resident - 5000."""
    j = "s.i"
    g = f"(1 + ({j} - 1) % {COMMUNITY_GROUPS})"
    feed = f"({g} = 1 AND (({j} - 1) / {COMMUNITY_GROUPS}) % 4 = 0)"
    k = f"{H(j, 51)} % 23"
    v = f"(CASE WHEN {feed} THEN {FEED_PERSON} ELSE 64 + {g} + {COMMUNITY_GROUPS} * (2 + {k}) END)"
    b = f"(64 + {g} + {COMMUNITY_GROUPS} * (2 + ({k} + 1 + {H(j, 52)} % 22) % 23))"
    weekly = f"({feed} OR {H(j, 53)} % 10 < 7)"
    first = f"first_due.mid + p.tod"
    return [
        f"""CREATE TEMPORARY TABLE bench_plan AS
            SELECT {j} AS id, {j} + {VOLUNTEERS} AS r, {g} AS g, {v} AS v, {b} AS b,
                CASE WHEN {weekly} THEN 7 ELSE 14 END AS every,
                CASE WHEN {feed} THEN {T0 + 8} + {H(j, 54)} % 3
                     WHEN {weekly} THEN {T0 + 8} + {H(j, 54)} % 7
                     ELSE {T0 + 1} + {H(j, 54)} % 14 END AS l9,
                9 * 3600 + ({H(j, 55)} % 22) * 1800 AS tod,
                60 * (1 + {H(j, 56)} % 4) AS grace,
                CASE WHEN {H(j, 57)} % 10 < 5 THEN 1 WHEN {H(j, 57)} % 10 < 8 THEN 2 ELSE 3 END AS risk,
                CASE WHEN {vetted(v)} AND {H(j, 58)} % 3 = 0 THEN 'VISIT'
                     WHEN {H(j, 58)} % 5 = 1 THEN 'VIDEO' ELSE 'PHONE' END AS channel,
                ({j} + {VOLUNTEERS}) % 3 = 0 AS has_contact
            FROM ({d.series(RESIDENTS)}) AS s""",
        "CREATE UNIQUE INDEX bench_plan_id ON bench_plan (id)",
        *d.analyze("bench_plan"),
        f"""INSERT INTO check_in_plans (id, resident_id, group_id, volunteer_id, backup_volunteer_id,
                recurrence, first_due_at, channel, grace_minutes, risk_level, risk_rank, status,
                paused_until, ended_at, materialised_until, created_by, created_at, updated_at)
            SELECT p.id, p.r, p.g, p.v, p.b,
                CASE WHEN p.every = 7 THEN 'FREQ=WEEKLY' ELSE 'FREQ=WEEKLY;INTERVAL=2' END,
                {d.ts(first)}, p.channel, p.grace,
                CASE p.risk WHEN 1 THEN 'LOW' WHEN 2 THEN 'MEDIUM' ELSE 'HIGH' END, p.risk,
                'ACTIVE', NULL, NULL, {d.ts(str(MATERIALISED_UNTIL))}, {coordinator('p.g')},
                {d.ts(f"{first} - 3 * {DAY}")}, {d.ts(f"{first} - 3 * {DAY}")}
            FROM bench_plan p
            JOIN bench_days first_due ON first_due.day = p.l9 - 9 * p.every
            ORDER BY p.id""",
    ]


# (flags as Kith stores them, sorted and comma separated; the note)
CONCERNS = [
    ("LONELINESS", "Sounded low; said the days are long on her own."),
    ("HEALTH", "Mentioned dizzy spells; suggested calling the GP."),
    ("FOOD", "Cupboards almost empty; offered a food bank referral."),
    ("HOME_SAFETY,LONELINESS", "Smoke alarm not working and has not been out all week."),
    ("MONEY", "Worried about the heating bill; offered benefits advice."),
    ("CARER_STRAIN", "Her husband's carer is exhausted; talked about a carer's assessment."),
]


def check_ins_sql(d: Dialect) -> list:
    """Ten check-ins per plan, with outcomes before NOW."""
    hc = H("c.id", 61)
    r100 = f"{H('c.id', 62)} % 100"
    overdue = (f"c.due < {NOW - 4 * 3600} AND c.due >= {NOW - 14 * DAY} "
               f"AND ((c.g <= {COORDINATED_BY_ONE} AND {hc} % 8 = 0) OR {hc} % 40 = 0)")
    # k: 0 scheduled, 1 overdue (missed, unresolved), 2 well, 3 concern,
    # 4 declined, 5 missed and resolved.
    kind = (f"CASE WHEN c.due > {NOW} THEN 0 WHEN {overdue} THEN 1 WHEN {r100} < 80 THEN 2 "
            f"WHEN {r100} < 88 THEN 3 WHEN {r100} < 91 THEN 4 WHEN c.due < {NOW - DAY} THEN 5 ELSE 2 END")
    missed_at = "c.due + c.grace * 60"
    recorded = f"(CASE WHEN c.due + ({hc} % 40) * 60 < {NOW} THEN c.due + ({hc} % 40) * 60 ELSE {NOW} END)"
    created = f"(CASE WHEN c.due - 14 * {DAY} < {NOW} THEN c.due - 14 * {DAY} ELSE {NOW} END)"
    return [
        f"""INSERT INTO check_ins (id, plan_id, resident_id, group_id, volunteer_id, channel, due_at,
                overdue_at, remind_at, risk_rank, status, outcome, concerns, notes, minutes,
                recorded_by, recorded_at, reminded_at, missed_at, escalation_step, next_step_at,
                resolved_at, resolved_by, resolution_note, created_at)
            SELECT c.id, c.plan, c.r, c.g, c.v, c.channel, {d.ts('c.due')},
                {d.ts('c.due + c.grace * 60')}, {d.ts('c.due - 3600')}, c.risk,
                CASE c.k WHEN 0 THEN 'SCHEDULED' WHEN 1 THEN 'MISSED' WHEN 5 THEN 'MISSED'
                         ELSE 'COMPLETED' END,
                CASE c.k WHEN 2 THEN 'WELL' WHEN 3 THEN 'CONCERN' WHEN 4 THEN 'DECLINED' END,
                CASE WHEN c.k = 3 THEN {pick(f"{hc} % {len(CONCERNS)}", [q(f) for f, _ in CONCERNS])}
                     ELSE '' END,
                CASE c.k WHEN 2 THEN {pick(f"{hc} % 5", [
                        "''", "'All fine, in good spirits.'", "'Had a good chat about the football.'",
                        "''", "'Daughter visiting at the weekend.'"])}
                         WHEN 3 THEN {pick(f"{hc} % {len(CONCERNS)}", [q(n) for _, n in CONCERNS])}
                         WHEN 4 THEN 'Said they were busy today and would rather talk next week.'
                         ELSE '' END,
                CASE WHEN c.k IN (2, 3) THEN 10 + {hc} % 30 WHEN c.k = 4 THEN 5 END,
                CASE WHEN c.k IN (2, 3, 4) THEN c.v END,
                CASE WHEN c.k IN (2, 3, 4) THEN {d.ts(recorded)} END,
                CASE WHEN c.due - 3600 <= {NOW} THEN {d.ts('c.due - 3600')} END,
                CASE WHEN c.k IN (1, 5) THEN {d.ts(missed_at)} END,
                CASE c.k WHEN 1 THEN (CASE WHEN c.has_contact THEN 3 ELSE 2 END) WHEN 5 THEN 1 ELSE 0 END,
                NULL,
                CASE WHEN c.k = 5 THEN {d.ts(f"{missed_at} + 5400")} END,
                CASE WHEN c.k = 5 THEN {coordinator('c.g')} END,
                CASE WHEN c.k = 5 THEN 'Phoned later: all well, they had been out at the shops.' END,
                {d.ts(created)}
            FROM (SELECT c0.*, {kind.replace("c.", "c0.")} AS k FROM (
                    SELECT (p.id - 1) * {CHECK_INS_PER_PLAN} + n.i + 1 AS id, p.id AS plan, p.r, p.g, p.v,
                        p.channel, p.risk, p.grace, p.has_contact, dd.mid + p.tod AS due
                    FROM bench_plan p
                    CROSS JOIN ({d.series(CHECK_INS_PER_PLAN - 1, 0)}) AS n
                    JOIN bench_days dd ON dd.day = p.l9 - ({CHECK_INS_PER_PLAN - 1} - n.i) * p.every
                ) AS c0) AS c
            ORDER BY c.id""",
        # The story of each overdue check-in: missed, then the backup, the
        # coordinators and (if any) the emergency contact were told. Ids
        # 4 * check-in + step.
        f"""INSERT INTO check_in_events (id, check_in_id, kind, step, audience, recipient,
                recipient_name, channel, detail, actor_id, at)
            SELECT 4 * c.id + st.step, c.id,
                CASE WHEN st.step = 0 THEN 'MISSED' ELSE 'ESCALATED' END, st.step,
                CASE st.step WHEN 0 THEN '' WHEN 1 THEN 'BACKUP' WHEN 2 THEN 'COORDINATOR'
                             ELSE 'EMERGENCY_CONTACT' END,
                CASE st.step WHEN 0 THEN '' WHEN 1 THEN 'person:' || CAST(p.backup_volunteer_id AS TEXT)
                             WHEN 2 THEN 'person:' || CAST({coordinator('c.group_id')} AS TEXT)
                             ELSE 'contact:' || CAST(ec.id AS TEXT) END,
                CASE st.step WHEN 0 THEN '' WHEN 1 THEN bp.display_name WHEN 2 THEN cp.display_name
                             ELSE ec.name END,
                CASE WHEN st.step = 0 THEN '' WHEN st.step = 3 AND ec.email IS NULL THEN 'PHONE'
                     ELSE 'EMAIL' END,
                CASE WHEN st.step = 0 THEN 'No outcome was recorded by the due time and grace period.'
                     WHEN st.step = 3 AND ec.email IS NULL
                     THEN 'No email address: the coordinators were asked to phone ' || ec.name || ' ('
                          || ec.phone || ').'
                     ELSE '' END,
                NULL,
                c.missed_at
            FROM check_ins c
            JOIN check_in_plans p ON p.id = c.plan_id
            JOIN people bp ON bp.id = p.backup_volunteer_id
            JOIN people cp ON cp.id = {coordinator('c.group_id')}
            LEFT JOIN emergency_contacts ec ON ec.resident_id = c.resident_id AND ec.position = 1
            CROSS JOIN (SELECT 0 AS step UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) AS st
            WHERE c.status = 'MISSED' AND c.resolved_at IS NULL AND (st.step < 3 OR ec.id IS NOT NULL)
            ORDER BY 1""",
    ]


def activities_sql(d: Dialect) -> list:
    kinds = [(i, *k) for i, k in enumerate(ACTIVITY_KINDS)]
    venues = ["St Mary's Church Hall", "Community Centre", "Library", "Methodist Church Hall",
              "Tenants' Hall", "Leisure Centre", "Mosque Community Room", "Neighbourhood Hub"]
    n_comm = COMMUNITY_GROUPS * ACTIVITIES_PER_GROUP
    a = "s.i"
    g = (f"(CASE WHEN {a} <= {n_comm} THEN 1 + ({a} - 1) / {ACTIVITIES_PER_GROUP} "
         f"ELSE {COMMUNITY_GROUPS + 1} + ({a} - {n_comm + 1}) / {ACTIVITIES_PER_PARTNER} END)")
    t = (f"(CASE WHEN {a} <= {n_comm} THEN ({a} - 1) % {ACTIVITIES_PER_GROUP} "
         f"ELSE ({a} - {n_comm + 1}) % {ACTIVITIES_PER_PARTNER} END)")
    k = f"(CASE WHEN {a} <= {n_comm} THEN ({g} * 3 + {t}) % {len(ACTIVITY_KINDS)} ELSE 7 - {t} END)"
    jitter = lambda salt: f"(({H('b.id', salt)} % 2001) - 1000) / 100000.0"  # noqa: E731
    start = "dd.mid + b.tod * 60"
    made = (f"(CASE WHEN b.every > 0 THEN {NOW} - (60 + {H('b.id', 66)} % 30) * {DAY} "
            f"ELSE {NOW} - (2 + {H('b.id', 66)} % 20) * {DAY} END)")
    return [
        "CREATE TEMPORARY TABLE bench_akinds (k BIGINT PRIMARY KEY, title TEXT, category TEXT, "
        "description TEXT, tod BIGINT, minutes BIGINT, rule TEXT, capacity BIGINT, cost BIGINT, access TEXT)",
        f"INSERT INTO bench_akinds VALUES {values(kinds)}",
        f"""CREATE TEMPORARY TABLE bench_acts AS
            SELECT s.i AS id, {g} AS g, {t} AS t, k.k, k.tod, k.minutes, k.rule,
                CASE WHEN k.rule IS NULL THEN 0 WHEN k.rule = 'FREQ=WEEKLY' THEN 7 ELSE 14 END AS every,
                CASE WHEN k.rule IS NULL THEN {T0 + 3} + {H(a, 63)} % 50
                     ELSE {T0 - 56} + {H(a, 63)} % 7 END AS day
            FROM ({d.series(ACTIVITIES)}) AS s
            JOIN bench_akinds k ON k.k = {k}""",
        *d.analyze("bench_acts"),
        f"""INSERT INTO activities (id, group_id, title, description, category, starts_at, ends_at,
                all_day, recurrence, exdates, capacity, location, latitude, longitude, accessibility,
                cost_pence, min_age, max_age, status, cancel_reason, sequence, ical_uid,
                occurrences_until, created_by, created_at, updated_at, published_at)
            SELECT b.id, b.g, ar.name || ' ' || k.title, k.description, k.category,
                {d.ts(start)}, {d.ts(f"{start} + b.minutes * 60")}, FALSE, k.rule, '', k.capacity,
                {pick(f"{H('b.id', 64)} % {len(venues)}", [q(x) for x in venues])} || ', ' || ar.name,
                CASE WHEN {H('b.id', 65)} % 2 = 0 THEN ar.lat + {jitter(67)} END,
                CASE WHEN {H('b.id', 65)} % 2 = 0 THEN ar.lng + {jitter(68)} END,
                k.access, k.cost, NULL, NULL,
                CASE WHEN b.t = 4 AND b.g % 4 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END,
                NULL, 0, NULL, {d.ts(f"{NOW} + {ACTIVITY_HORIZON_DAYS} * {DAY}")},
                CASE WHEN b.g > {COMMUNITY_GROUPS} THEN 1 ELSE {coordinator('b.g')} END,
                {d.ts(made)}, {d.ts(f"{made} + {DAY}")},
                CASE WHEN b.t = 4 AND b.g % 4 = 0 THEN NULL ELSE {d.ts(f"{made} + {DAY}")} END
            FROM bench_acts b
            JOIN bench_akinds k ON k.k = b.k
            JOIN bench_groups bg ON bg.g = b.g
            JOIN bench_areas ar ON ar.a = bg.a
            JOIN bench_days dd ON dd.day = b.day
            ORDER BY b.id""",
        # Dates in London wall-clock time, from the first to NOW + 400 days.
        f"""INSERT INTO activity_occurrences (activity_id, starts_at, ends_at)
            SELECT b.id, {d.ts(start)}, {d.ts(f"{start} + b.minutes * 60")}
            FROM bench_acts b
            CROSS JOIN ({d.series(70, 0)}) AS n
            JOIN bench_days dd ON dd.day = b.day + n.i * b.every
            WHERE (b.every > 0 OR n.i = 0) AND {start} < {NOW + ACTIVITY_HORIZON_DAYS * DAY}
            ORDER BY b.id, n.i""",
    ]


def shifts_sql(d: Dialect) -> list:
    kinds = [(i, *k) for i, k in enumerate(SHIFT_KINDS)]
    free_kinds = [i for i, k in enumerate(SHIFT_KINDS) if not k[3] and k[4] == "NONE"]
    weighted = [0, 0, 0, 2, 2, 3, 3, 5, 5, 6, 6, 8, 8, 0, 3, 2, 1, 4, 7, 9]
    regular = SHIFTS - SIGNUP_SHIFTS
    i = "s.i"
    # The sign-up range.
    su_g = f"(1 + ({i} - 1) % {SIGNUP_GROUPS})"
    su_start = f"({T0 + 1} + ({i} - 1) / {SIGNUP_PER_DAY}) * {DAY} + (7 + ({i} - 1) % {SIGNUP_PER_DAY}) * 3600"
    # The rest.
    j = f"({i} - {SIGNUP_SHIFTS})"
    rg = f"(1 + ({j} - 1) % {COMMUNITY_GROUPS})"
    rday = f"({T0 - 60} + (({j} - 1) * 240) / {regular})"
    made = lambda start: (  # noqa: E731
        f"(CASE WHEN {start} - 14 * {DAY} < {NOW} - (2 + {H(i, 78)} % 30) * {DAY} "
        f"THEN {start} - 14 * {DAY} ELSE {NOW} - (2 + {H(i, 78)} % 30) * {DAY} END)")
    cols = """id, group_id, activity_id, title, description, starts_at, ends_at, location, latitude,
        longitude, places, required_skills, required_vetting, members_only, waitlist, status,
        cancel_reason, sequence, created_by, created_at, updated_at"""
    return [
        "CREATE TEMPORARY TABLE bench_skinds (k BIGINT PRIMARY KEY, title TEXT, description TEXT, "
        "location TEXT, skills TEXT, vetting TEXT)",
        f"INSERT INTO bench_skinds VALUES {values(kinds)}",
        f"""INSERT INTO shifts ({cols})
            SELECT {i}, {su_g}, NULL, k.title, k.description, {d.ts(su_start)},
                {d.ts(f"{su_start} + 3600")}, k.location || ', ' || ar.name, ar.lat, ar.lng,
                2 + {H(i, 71)} % 11, '', 'NONE', ({i} % 3 = 0), TRUE, 'SCHEDULED', NULL, 0,
                {coordinator(su_g)}, {d.ts(f"{NOW} - {DAY} - ({i} % 10) * 3600")},
                {d.ts(f"{NOW} - {DAY} - ({i} % 10) * 3600")}
            FROM ({d.series(SIGNUP_SHIFTS)}) AS s
            JOIN bench_skinds k ON k.k = {pick(f"{i} % {len(free_kinds)}", [str(x) for x in free_kinds])}
            JOIN bench_groups bg ON bg.g = {su_g}
            JOIN bench_areas ar ON ar.a = bg.a
            ORDER BY {i}""",
        f"""INSERT INTO shifts ({cols})
            SELECT x.i, x.g, NULL, k.title, k.description, {d.ts('x.st')}, {d.ts('x.en')},
                k.location || ', ' || ar.name,
                ar.lat + (({H('x.i', 79)} % 2001) - 1000) / 100000.0,
                ar.lng + (({H('x.i', 80)} % 2001) - 1000) / 100000.0,
                x.places, k.skills, k.vetting, ({H('x.i', 75)} % 10 < 3), ({H('x.i', 76)} % 10 <> 0),
                CASE WHEN {H('x.i', 77)} % 33 = 0 THEN 'CANCELLED' ELSE 'SCHEDULED' END,
                CASE WHEN {H('x.i', 77)} % 33 = 0 THEN
                    {pick(f"{H('x.i', 81)} % 3", ["'Not enough volunteers this week.'",
                                                  "'The hall is closed for repairs.'",
                                                  "'Cancelled because of the weather warning.'"])}
                END,
                CASE WHEN {H('x.i', 77)} % 33 = 0 THEN 1 ELSE 0 END,
                {coordinator('x.g')}, {d.ts('x.made')}, {d.ts('x.made')}
            FROM (SELECT {i} AS i, {rg} AS g, 2 + {H(i, 71)} % 11 AS places,
                    dd.mid + (8 * 60 + ({H(i, 72)} % 22) * 30) * 60 AS st,
                    dd.mid + (8 * 60 + ({H(i, 72)} % 22) * 30 + (3 + {H(i, 73)} % 6) * 30) * 60 AS en,
                    {pick(f"{H(i, 74)} % {len(weighted)}", [str(x) for x in weighted])} AS k,
                    {made(f"dd.mid + (8 * 60 + ({H(i, 72)} % 22) * 30) * 60")} AS made
                  FROM ({d.series(SHIFTS, SIGNUP_SHIFTS + 1)}) AS s
                  JOIN bench_days dd ON dd.day = {rday}) AS x
            JOIN bench_skinds k ON k.k = x.k
            JOIN bench_groups bg ON bg.g = x.g
            JOIN bench_areas ar ON ar.a = bg.a
            ORDER BY x.i""",
    ]


def signups_sql(d: Dialect) -> list:
    """Sign-ups on shifts 2401..50000: about half the places confirmed."""
    secs = lambda col: (f"CAST(strftime('%s', {col}) AS INTEGER)" if d.name == "sqlite"  # noqa: E731
                        else f"CAST(EXTRACT(EPOCH FROM {col}) AS BIGINT)")
    h = H("sh.id", 82)
    att = (f"(n.i < b.c AND b.status = 'SCHEDULED' AND b.en <= {NOW - 7200} "
           f"AND {H('16 * b.id + n.i', 87)} % 5 <> 0)")
    return [
        f"""CREATE TEMPORARY TABLE bench_shift AS
            SELECT sh.id, sh.group_id AS g, sh.places, sh.status,
                {secs('sh.starts_at')} AS st, {secs('sh.ends_at')} AS en, {secs('sh.created_at')} AS made,
                CASE WHEN {h} % 10 = 0 THEN sh.places
                     ELSE 1 + (sh.places - 1) * (20 + {H('sh.id', 83)} % 61) / 100 END AS c,
                CASE WHEN {h} % 10 = 0 AND sh.waitlist THEN 1 + {H('sh.id', 84)} % 3 ELSE 0 END AS w,
                CASE WHEN {H('sh.id', 85)} % 4 = 0 THEN 1 ELSE 0 END AS x
            FROM shifts sh WHERE sh.id > {SIGNUP_SHIFTS}""",
        *d.analyze("bench_shift"),
        f"""INSERT INTO shift_signups (id, shift_id, volunteer_id, status, queue_position,
                attended_minutes, attendance_recorded_by, attendance_recorded_at, created_at, updated_at)
            SELECT 16 * b.id + n.i, b.id,
                CASE WHEN b.g = 1 AND b.st >= {NOW - 28 * DAY} AND n.i = 0 THEN {FEED_PERSON}
                     ELSE 64 + b.g + {COMMUNITY_GROUPS} * (2 + ({H('b.id', 86)} + n.i * 7) % 23) END,
                CASE WHEN n.i < b.c THEN 'CONFIRMED' WHEN n.i < b.c + b.w THEN 'WAITLISTED'
                     ELSE 'CANCELLED' END,
                n.i + 1,
                CASE WHEN {att} THEN (b.en - b.st) / 60 END,
                CASE WHEN {att} THEN {coordinator('b.g')} END,
                CASE WHEN {att} THEN {d.ts('b.en + 3600')} END,
                {d.ts('b.made + (n.i + 1) * 3600')},
                {d.ts(f"b.made + (n.i + 1) * 3600 + CASE WHEN n.i >= b.c + b.w THEN {DAY} ELSE 0 END")}
            FROM bench_shift b
            CROSS JOIN ({d.series(15, 0)}) AS n
            WHERE n.i < b.c + b.w + b.x
            ORDER BY 1""",
    ]


def ledger_sql(d: Dialect) -> list:
    """Accounts, 1,000,000 transfers and their entries, as bench/ledger."""
    first_group = VOLUNTEERS + 1
    people = VOLUNTEERS
    made = d.ts(f"{NOW} - 700 * {DAY}")
    transfers = f"""
WITH t AS (
    SELECT i,
        i % 8 AS k,
        (i * 2654435761) % 4294967296 AS h1,
        (i * 40503 + 977) % 1000003 AS h2,
        CASE WHEN i % {MINE_EVERY} = 0 THEN 1 ELSE 0 END AS mine,
        (i / {MINE_EVERY}) % 2 AS mine_pays
    FROM ({d.series(TRANSFERS)}) AS series
), p AS (
    SELECT t.*,
        2 + h1 % {people - 1} AS a,
        {first_group} + h1 % {COMMUNITY_GROUPS} AS g
    FROM t
), q AS (
    SELECT p.*, 2 + (a - 2 + 1 + h2 % {people - 2}) % {people - 1} AS b FROM p
), r AS (
    SELECT i, k, h1, h2,
        CASE WHEN k <= 4 THEN g
             WHEN k = 7 THEN (CASE WHEN mine = 1 THEN 1 ELSE a END)
             WHEN mine = 1 AND mine_pays = 1 THEN 1
             ELSE a END AS from_account,
        CASE WHEN k <= 4 THEN (CASE WHEN mine = 1 THEN 1 ELSE a END)
             WHEN k = 7 THEN g
             WHEN mine = 1 AND mine_pays = 1 THEN a
             WHEN mine = 1 THEN 1
             ELSE b END AS to_account
    FROM q
)
INSERT INTO time_transfers (id, from_account_id, to_account_id, minutes, kind, reason,
    recorded_by, source_kind, source_id, idempotency_key, created_at)
SELECT i, from_account, to_account,
    CASE WHEN k <= 3 THEN 60 + (h1 % 8) * 30
         WHEN k = 4 THEN 15 + (h1 % 4) * 15
         WHEN k = 5 THEN 30 + (h1 % 4) * 15
         WHEN k = 6 THEN 15 + h1 % 60
         ELSE 30 + h1 % 60 END,
    CASE WHEN k <= 3 THEN 'SHIFT' WHEN k = 4 THEN 'CHECK_IN' WHEN k = 5 THEN 'HELP_REQUEST'
         WHEN k = 6 THEN 'GIFT' ELSE 'DONATION_TO_GROUP' END,
    CASE WHEN k <= 3 THEN (CASE h2 % 4 WHEN 0 THEN 'Shift: Food bank: sorting donations'
                                        WHEN 1 THEN 'Shift: Community café counter'
                                        WHEN 2 THEN 'Shift: Driving residents to appointments'
                                        ELSE 'Shift: Lunch club kitchen helper' END)
         WHEN k = 4 THEN 'Check-in'
         WHEN k = 5 THEN (CASE h2 % 3 WHEN 0 THEN 'Help with the shopping'
                                      WHEN 1 THEN 'Lift to a hospital appointment'
                                      ELSE 'Gardening help' END)
         WHEN k = 6 THEN 'Thank you for the help last week'
         ELSE 'For the group pot' END,
    CASE WHEN k >= 6 THEN from_account END,
    NULL, NULL,
    CASE WHEN k >= 6 THEN 'bench-' || CAST(i AS TEXT) END,
    {d.ts(f"{NOW} - ({TRANSFERS} - i) * {TRANSFER_STEP}")}
FROM r
ORDER BY i
"""
    return [
        f"""INSERT INTO time_accounts (id, person_id, group_id, lower_limit_minutes, created_at)
            SELECT id, id, NULL, -600, {made} FROM people WHERE id <= {people} ORDER BY id""",
        f"""INSERT INTO time_accounts (id, person_id, group_id, lower_limit_minutes, created_at)
            SELECT {first_group - 1} + id, NULL, id, -10000000, {made} FROM groups ORDER BY id""",
        transfers,
        """INSERT INTO time_entries (id, transfer_id, account_id, delta_minutes, created_at)
           SELECT 2 * t.id - 1 + s.n, t.id,
               CASE WHEN s.n = 0 THEN t.from_account_id ELSE t.to_account_id END,
               CASE WHEN s.n = 0 THEN -t.minutes ELSE t.minutes END,
               t.created_at
           FROM time_transfers t CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 AS n) s
           ORDER BY t.id, s.n""",
        # Service counts as given (payee) and received (payer).
        f"""CREATE TEMPORARY TABLE bench_sums AS
            SELECT acc, SUM(delta) AS balance, SUM(given) AS given, SUM(received) AS received
            FROM (SELECT to_account_id AS acc, minutes AS delta,
                         CASE WHEN kind IN {SERVICE_KINDS} THEN minutes ELSE 0 END AS given,
                         0 AS received
                  FROM time_transfers
                  UNION ALL
                  SELECT from_account_id, -minutes, 0,
                         CASE WHEN kind IN {SERVICE_KINDS} THEN minutes ELSE 0 END
                  FROM time_transfers) AS x
            GROUP BY acc""",
        """UPDATE time_accounts SET balance_minutes = s.balance, given_minutes = s.given,
               received_minutes = s.received
           FROM bench_sums s WHERE s.acc = time_accounts.id""",
        "DROP TABLE bench_sums",
    ]


def feeds_sql(d: Dialect) -> list:
    return [
        f"""INSERT INTO calendar_feeds (person_id, token, created_at)
            VALUES ({FEED_PERSON}, {q(FEED_TOKEN)}, {d.ts(str(NOW - 40 * DAY))}),
                   (1, {q(BENCH_FEED_TOKEN)}, {d.ts(str(NOW))})""",
    ]


SEQUENCED = [
    "people", "groups", "memberships", "vettings", "emergency_contacts", "consents",
    "check_in_plans", "check_ins", "check_in_events", "activities", "shifts", "shift_signups",
    "time_accounts", "time_transfers", "time_entries",
]


def load_sql(d: Dialect) -> list:
    return (
        helper_tables(d)
        + people_sql(d)
        + groups_sql(d)
        + volunteers_sql(d)
        + memberships_sql(d)
        + residents_sql(d)
        + plans_sql(d)
        + check_ins_sql(d)
        + activities_sql(d)
        + shifts_sql(d)
        + signups_sql(d)
        + ledger_sql(d)
        + feeds_sql(d)
    )


def checks_sql(d: Dialect) -> str:
    now = d.ts(str(NOW))
    counts = ",\n    ".join(f"(SELECT COUNT(*) FROM {t})" for t in CHECKED_TABLES)
    return f"""
SELECT
    {counts},
    (SELECT COUNT(*) FROM (SELECT s.id FROM shifts s JOIN shift_signups u ON u.shift_id = s.id
        WHERE u.status = 'CONFIRMED' GROUP BY s.id, s.places HAVING COUNT(*) > s.places) AS o),
    (SELECT COALESCE(SUM(balance_minutes), 0) FROM time_accounts),
    (SELECT COUNT(*) FROM time_accounts a
        LEFT JOIN (SELECT account_id, SUM(delta_minutes) AS total
                   FROM time_entries GROUP BY account_id) e ON e.account_id = a.id
        WHERE a.balance_minutes <> COALESCE(e.total, 0)),
    (SELECT COUNT(*) FROM time_entries WHERE account_id = 1),
    (SELECT balance_minutes FROM time_accounts WHERE id = 1),
    (SELECT COUNT(*) FROM check_ins WHERE group_id <= {COORDINATED_BY_ONE}
        AND ((status = 'MISSED' AND resolved_at IS NULL)
             OR (status = 'SCHEDULED' AND due_at <= {now} AND overdue_at <= {now}))),
    (SELECT COUNT(*) FROM shifts s WHERE s.id <= {SIGNUP_SHIFTS} AND s.group_id <= {SIGNUP_GROUPS}
        AND s.status = 'SCHEDULED' AND s.required_skills = '' AND s.required_vetting = 'NONE'
        AND s.waitlist AND s.starts_at > {now}
        AND NOT EXISTS (SELECT 1 FROM shift_signups u WHERE u.shift_id = s.id)),
    (SELECT COUNT(*) FROM (SELECT starts_at,
            LAG(ends_at) OVER (ORDER BY starts_at, id) AS previous_end
        FROM shifts WHERE id <= {SIGNUP_SHIFTS}) AS o WHERE o.previous_end > o.starts_at),
    (SELECT COUNT(*) FROM shift_signups u JOIN shifts s ON s.id = u.shift_id
        WHERE u.volunteer_id <= {BENCH_PEOPLE}),
    (SELECT COUNT(*) FROM shift_signups u JOIN shifts s ON s.id = u.shift_id
        WHERE u.volunteer_id = {FEED_PERSON} AND u.status = 'CONFIRMED'
        AND s.ends_at > {d.ts(str(NOW - FEED_HISTORY_DAYS * DAY))})
    + (SELECT COUNT(*) FROM check_ins WHERE volunteer_id = {FEED_PERSON}
        AND due_at > {d.ts(str(NOW - FEED_HISTORY_DAYS * DAY))}),
    (SELECT COUNT(*) FROM check_ins WHERE status = 'SCHEDULED' AND overdue_at <= {now}),
    (SELECT COUNT(*) FROM check_in_plans WHERE materialised_until <= {d.ts(str(NOW + 14 * DAY))})
"""


CHECKED_TABLES = [
    "people", "groups", "postcode_areas", "memberships", "volunteer_profiles", "vettings",
    "resident_profiles", "emergency_contacts", "consents", "outcome_invitations",
    "check_in_plans", "check_ins", "check_in_events", "activities", "activity_occurrences",
    "shifts", "shift_signups", "time_accounts", "time_transfers", "time_entries", "calendar_feeds",
]

EXPECTED = {
    "people": VOLUNTEERS + RESIDENTS,
    "groups": GROUPS,
    "postcode_areas": len(AREAS),
    "volunteer_profiles": VOLUNTEERS,
    "resident_profiles": RESIDENTS,
    "consents": RESIDENTS,
    "outcome_invitations": RESIDENTS,
    "emergency_contacts": (VOLUNTEERS + RESIDENTS) // 3 - VOLUNTEERS // 3,
    "check_in_plans": RESIDENTS,
    "check_ins": RESIDENTS * CHECK_INS_PER_PLAN,
    "activities": ACTIVITIES,
    "shifts": SHIFTS,
    "time_accounts": VOLUNTEERS + GROUPS,
    "time_transfers": TRANSFERS,
    "time_entries": 2 * TRANSFERS,
    "calendar_feeds": 2,
}


def check(row) -> None:
    values_ = [int(x) for x in row]
    n = len(CHECKED_TABLES)
    if len(values_) != n + 12:
        sys.exit(f"load.py: expected {n + 12} numbers in the check row, got {len(values_)}")
    counts = dict(zip(CHECKED_TABLES, values_[:n]))
    (overbooked, total, wrong, mine, my_balance, overdue, free, overlapping, bench_signups,
     feed, stale, behind) = values_[n:]
    print("load.py: " + ", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)
    print(
        f"load.py: person 1's account has {mine} entries (balance {my_balance} min); "
        f"balances sum to {total}; {wrong} accounts disagree with their entries; "
        f"{overbooked} shifts overbooked; {overdue} overdue check-ins in groups 1..{COORDINATED_BY_ONE}; "
        f"{free} free sign-up shifts (ids 1..{SIGNUP_SHIFTS}), {overlapping} overlapping; "
        f"feed of person {FEED_PERSON}: {feed} events",
        file=sys.stderr,
    )
    problems = [f"{k}: {counts[k]} rows, expected {v}" for k, v in EXPECTED.items() if counts[k] != v]
    if overbooked:
        problems.append(f"{overbooked} shifts have more confirmed sign-ups than places")
    if total != 0 or wrong != 0:
        problems.append("the time bank does not balance")
    if overdue < 300:
        problems.append(f"only {overdue} overdue check-ins in groups 1..{COORDINATED_BY_ONE}")
    if free < 2000 or overlapping:
        problems.append(f"{free} free sign-up shifts, {overlapping} overlapping")
    if bench_signups:
        problems.append(f"the bench people have {bench_signups} loaded sign-ups")
    if not 900 <= feed <= 1100:
        problems.append(f"person {FEED_PERSON}'s feed has {feed} events")
    if stale or behind:
        problems.append(f"{stale} scheduled check-ins already overdue, {behind} plans behind")
    if problems:
        sys.exit("load.py: the loaded data is not consistent: " + "; ".join(problems))


# ---------------------------------------------------------------------------
# Backends
# ---------------------------------------------------------------------------

PRECONDITION = f"""
SELECT
    (SELECT COUNT(*) FROM people),
    (SELECT COUNT(*) FROM people WHERE id BETWEEN 1 AND {BENCH_PEOPLE}
        AND email = 'bench' || CAST(id AS TEXT) || '@example.org'),
    {" + ".join(f"(SELECT COUNT(*) FROM {t})" for t in LOADED_TABLES)}
"""


def precondition_message(row) -> str:
    people, bench, other = (int(x) for x in row)
    if people == BENCH_PEOPLE and bench == BENCH_PEOPLE and other == 0:
        return ""
    return (
        f"load.py: expected a migrated database holding exactly the {BENCH_PEOPLE} people the "
        f"benchmark registered (ids 1..{BENCH_PEOPLE}, bench1@example.org .. "
        f"bench{BENCH_PEOPLE}@example.org) and nothing else; found {people} people "
        f"({bench} of them as expected) and {other} rows in the tables this script loads"
    )


def sqlite_load(path: str) -> None:
    started = time.monotonic()
    if not os.path.exists(path):
        sys.exit(f"load.py: no database at {path}")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        problem = precondition_message(conn.execute(PRECONDITION).fetchone())
    except sqlite3.OperationalError as e:
        sys.exit(f"load.py: is the database migrated? {e}")
    if problem:
        sys.exit(problem)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -524288")
    conn.execute("PRAGMA temp_store = MEMORY")
    d = Dialect("sqlite")
    conn.execute("BEGIN")
    for stmt in load_sql(d):
        t = time.monotonic()
        conn.execute(stmt)
        if os.environ.get("KITH_BENCH_VERBOSE"):
            print(f"  {time.monotonic() - t:6.2f} s  {' '.join(stmt.split())[:90]}", file=sys.stderr)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    check(conn.execute(checks_sql(d)).fetchone())
    conn.close()
    print(f"load.py: loaded in {time.monotonic() - started:.1f} s", file=sys.stderr)


def postgres_sql() -> str:
    d = Dialect("postgres")
    others = " + ".join(f"(SELECT COUNT(*) FROM {t})" for t in LOADED_TABLES)
    stmts = [
        "SET synchronous_commit = off",
        "SET maintenance_work_mem = '256MB'",
        "SET work_mem = '64MB'",
        "BEGIN",
        "DO $$ BEGIN "
        f"IF (SELECT COUNT(*) FROM people) <> {BENCH_PEOPLE} "
        f"OR (SELECT COUNT(*) FROM people WHERE id BETWEEN 1 AND {BENCH_PEOPLE} "
        f"AND email = 'bench' || id || '@example.org') <> {BENCH_PEOPLE} "
        f"OR ({others}) <> 0 THEN RAISE EXCEPTION 'load.py: expected a migrated database holding "
        f"exactly the {BENCH_PEOPLE} people the benchmark registered (ids 1..{BENCH_PEOPLE}, "
        f"bench1@example.org .. bench{BENCH_PEOPLE}@example.org) and nothing else'; END IF; END $$",
    ]
    stmts += load_sql(d)
    stmts.append(
        "DO $$ BEGIN "
        + " ".join(
            f"PERFORM setval(pg_get_serial_sequence('{t}', 'id'), (SELECT MAX(id) FROM {t}));"
            for t in SEQUENCED
        )
        + " END $$"
    )
    stmts.append("COMMIT")
    stmts.append("VACUUM (ANALYZE)")
    stmts.append(checks_sql(d))
    return "".join(s.strip() + ";\n" for s in stmts)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "sqlite":
        sqlite_load(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "postgres":
        sys.stdout.write(postgres_sql())
    elif len(sys.argv) == 2 and sys.argv[1] == "check":
        # One line of the checks' output from psql, on standard input.
        check(sys.stdin.read().split())
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
