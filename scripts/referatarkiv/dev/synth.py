"""Deterministic synthetic archive of referater, for benchmarks and scale tests.

``generate_archive(dest, items, seed)`` writes exactly ``items`` agenda items, spread over meetings of
6-14 items in four fictional municipalities, in the real formats the parser reads:

* Frederiksberg plain text ("REFERAT <udvalg>_<term> d. DD-MM-YYYY", Mødedato/Mødested, TOC with dot
  leaders, items numbered through the term, KLE case numbers, Resume/Beslutning/Indstilling/
  Sagsfremstilling/Økonomi/Borgmesterpåtegning/Behandling/Historik/Bilag);
* the same system's Markdown export (``#``/``##`` headings, ``**bold**``, ``<b>`` in table cells,
  a ``---`` rule in the TOC);
* Tårnby style (no term, Mødedeltagere with "(Afbud)", case numbers ``20/13750``, numbering restarts
  each meeting, "Resumé", "Uddybende bemærkninger", "Påtegning", initials, one "Beslutning i <body>
  den DD-MM-YYYY" block per body that treated the case).

Cases recur: a case is planned across 2-4 meetings and bodies (committee → economic committee →
council, postponed and resumed, forwarded to another committee), carries its history and route, and
standing items ("Meddelelser", "Eventuelt", ...) share one catch-all case number per body and term or
year. Text refers to earlier meetings ("(pkt. 52)", "BMU d. 2. marts 2020 pkt. 26"); most references
point at items that exist in the generated archive, a few at meetings before it.

All text is invented from templates in this module. Layout::

    dest/udvalg.yml                          committee renames between terms
    dest/<kommune>/kommune.yml               display name
    dest/<kommune>/<udvalg-slug>/<yyyy-mm-dd>.txt

The same seed gives the same bytes. ``write_single_referat`` builds one very large referat (for
parser linearity benchmarks) from a pool of generated items, renumbered.
"""
from __future__ import annotations

import bisect
import math
import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]

TERMS = (("2018-21", date(2018, 1, 1), date(2021, 12, 31)), ("2022-25", date(2022, 1, 1), date(2025, 12, 31)))
FIRST_DAY = date(2018, 1, 8)
LAST_DAY = date(2025, 12, 15)
TERM_BOUNDARY = date(2022, 1, 1)

FB_TEXT, FB_MD, TAARNBY = "fb-text", "fb-md", "taarnby"


@dataclass
class SynthStats:
    files: int = 0  # every file written (referater and yml)
    meetings: int = 0  # referat files
    items: int = 0
    bytes: int = 0  # bytes of referat files
    case_numbers: list[str] = field(default_factory=list)  # every journalnummer written, sorted
    followed_cases: int = 0  # cases treated in two or more meetings
    references: int = 0  # references to earlier meetings written into the text


# --------------------------------------------------------------------------------------------------
# Municipalities and bodies (fictional)


@dataclass(frozen=True)
class Body:
    key: str
    kind: str  # "udvalg" | "oeu" | "kb"
    names: tuple[str, str]  # name in 2018-21, 2022-25
    abbrs: tuple[str, str]
    areas: tuple[str, ...]
    weekday: int
    start_time: str
    location: str
    per_year: int  # meetings per year at full scale

    def name(self, term: str) -> str:
        return self.names[0 if term == "2018-21" else 1]

    def abbr(self, term: str) -> str:
        return self.abbrs[0 if term == "2018-21" else 1]

    @property
    def order(self) -> int:
        return {"udvalg": 0, "oeu": 1, "kb": 2}[self.kind]


@dataclass(frozen=True)
class Kommune:
    slug: str
    name: str
    short: str
    styles: tuple[str, str]  # style in 2018-21, 2022-25
    case_style: str  # "kle" | "acadre"
    bodies: tuple[Body, ...]
    departments: dict
    initials: tuple[str, ...] = ("/lhj", "/pms", "/tbn")

    def style(self, term: str) -> str:
        return self.styles[0 if term == "2018-21" else 1]


def _u(key, names, abbrs, areas, weekday=0, start="16:30", loc="Udvalgsværelse 1", per_year=10):
    if isinstance(names, str):
        names = (names, names)
    if isinstance(abbrs, str):
        abbrs = (abbrs, abbrs)
    return Body(key, "udvalg", names, abbrs, tuple(areas), weekday, start, loc, per_year)


_FB_DEPTS = {
    "beskaeftigelse": "Beskæftigelses- og Socialområdet",
    "social": "Sundheds- og Omsorgsområdet",
    "boern": "Børne- og Ungeområdet",
    "kultur": "Kultur- og Fritidsområdet",
    "teknik": "By- og Miljøområdet",
    "plan": "By- og Miljøområdet",
    "oekonomi": "Økonomi- og Stabsområdet",
}
_TB_DEPTS = {
    "beskaeftigelse": "Social- og Beskæftigelsesforvaltningen",
    "social": "Social- og Beskæftigelsesforvaltningen",
    "boern": "Børne- og Kulturforvaltningen",
    "kultur": "Børne- og Kulturforvaltningen",
    "teknik": "Teknisk Forvaltning",
    "plan": "Teknisk Forvaltning",
    "oekonomi": "Økonomi- og Personaleforvaltningen",
}

KOMMUNER: tuple[Kommune, ...] = (
    Kommune(
        "kildemose", "Kildemose Kommune", "Kildemose", (FB_TEXT, FB_MD), "kle",
        (
            _u("aeu", ("Arbejdsmarkeds- og Erhvervsudvalget", "Arbejdsmarkeds-, Erhvervs- og Uddannelsesudvalget"),
               ("AEU", "AEUU"), ("beskaeftigelse",), 0, "16:45", "Udvalgsværelse 2"),
            _u("bsu", "Børne- og Skoleudvalget", "BSU", ("boern",), 0, "17:00", "Udvalgsværelse 1"),
            _u("bmu", "By- og Miljøudvalget", "BMU", ("teknik", "plan"), 1, "16:00", "Mødesal A"),
            Body("mag", "oeu", ("Magistraten", "Magistraten"), ("MAG", "MAG"), ("oekonomi",), 0, "15:00",
                 "Borgmesterens kontor", 20),
            Body("kb", "kb", ("Kommunalbestyrelsen", "Kommunalbestyrelsen"), ("KB", "KB"), ("oekonomi",), 0,
                 "19:00", "Rådhussalen", 10),
        ),
        _FB_DEPTS,
    ),
    Kommune(
        "egelund", "Egelund Kommune", "Egelund", (FB_TEXT, FB_TEXT), "kle",
        (
            _u("ssu", ("Social- og Sundhedsudvalget", "Social-, Sundheds- og Ældreudvalget"), ("SSU", "SSÆU"),
               ("social",), 2, "15:30", "Mødelokale 3"),
            _u("kfu", "Kultur- og Fritidsudvalget", "KFU", ("kultur",), 3, "16:00", "Mødelokale 2"),
            _u("tku", "Teknik- og Klimaudvalget", "TKU", ("teknik",), 1, "08:30", "Mødelokale 1"),
            Body("oeu", "oeu", ("Økonomiudvalget", "Økonomiudvalget"), ("ØU", "ØU"), ("oekonomi",), 2, "14:00",
                 "Byrådssalen", 16),
            Body("br", "kb", ("Byrådet", "Byrådet"), ("BR", "BR"), ("oekonomi",), 3, "18:00", "Byrådssalen", 10),
        ),
        _FB_DEPTS,
    ),
    Kommune(
        "soevang", "Søvang Kommune", "Søvang", (TAARNBY, TAARNBY), "acadre",
        (
            _u("biu", "Beskæftigelses- og Integrationsudvalget", "BIU", ("beskaeftigelse",), 1, "16:00",
               "204, Mødelokale"),
            _u("buu", "Børne- og Ungeudvalget", "BUU", ("boern", "kultur"), 2, "17:00", "Byrådssalen"),
            _u("tmu", "Teknik- og Miljøudvalget", "TMU", ("teknik", "plan"), 0, "15:30", "112, Mødelokale"),
            Body("oeu", "oeu", ("Økonomiudvalget", "Økonomiudvalget"), ("ØU", "ØU"), ("oekonomi",), 2, "16:00",
                 "Borgmesterens mødelokale", 14),
            Body("kb", "kb", ("Kommunalbestyrelsen", "Kommunalbestyrelsen"), ("KB", "KB"), ("oekonomi",), 3,
                 "18:30", "Kommunalbestyrelsens sal", 10),
        ),
        _TB_DEPTS,
        ("/kmh", "/ajr", "/sbl"),
    ),
    Kommune(
        "lindeskov", "Lindeskov Kommune", "Lindeskov", (FB_MD, FB_MD), "kle",
        (
            _u("aou", "Ældre- og Omsorgsudvalget", "ÆOU", ("social",), 3, "14:00", "Mødelokale Bøgen"),
            _u("pbu", ("Plan- og Boligudvalget", "Plan-, Bolig- og Klimaudvalget"), ("PBU", "PBKU"),
               ("plan", "teknik"), 1, "16:00", "Mødelokale Egen"),
            Body("oeu", "oeu", ("Økonomiudvalget", "Økonomiudvalget"), ("ØU", "ØU"), ("oekonomi",), 1, "13:00",
                 "Mødelokale Linden", 14),
            Body("kb", "kb", ("Kommunalbestyrelsen", "Kommunalbestyrelsen"), ("KB", "KB"), ("oekonomi",), 3,
                 "19:00", "Kommunalbestyrelsessalen", 10),
        ),
        _FB_DEPTS,
    ),
)


def term_of(d: date) -> str:
    for name, start, end in TERMS:
        if start <= d <= end:
            return name
    return "2018-21" if d < TERM_BOUNDARY else "2022-25"


def slugify(s: str) -> str:
    s = s.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def running(name: str) -> str:
    """A body name as written at the start of a sentence: "Arbejdsmarkeds- og erhvervsudvalget"."""
    return name[:1] + name[1:].lower()


def lower(name: str) -> str:
    return name.lower()


def d_text(d: date, year: bool = True) -> str:
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}" if year else f"{d.day}. {MONTHS[d.month - 1]}"


def d_num(d: date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


# --------------------------------------------------------------------------------------------------
# Vocabulary (invented)

SUBJECTS = {
    "beskaeftigelse": [
        "indsatsen for ledige dagpengemodtagere", "jobcentrets virksomhedsservice", "mentorordningen for unge",
        "sygedagpengeområdet", "ressourceforløb og jobafklaring", "integrationsindsatsen for nyankomne",
        "fleksjobområdet", "den kommunale ungeindsats", "klagesager på beskæftigelsesområdet",
        "samarbejdet med a-kasserne", "seniorindsatsen i jobcentret", "rådighedsvurderinger i kontanthjælpssager",
    ],
    "boern": [
        "dagtilbudsstrukturen", "skolernes ventilation og indeklima", "inklusionsindsatsen i folkeskolen",
        "sprogvurdering af treårige", "skolevejen ved {street}", "fritidsklubbernes åbningstider",
        "specialklasserækken", "forældrebetalingen i dagtilbud", "madordningen i daginstitutionerne",
        "ungdomsskolens tilbud", "kvalitetsrapporten for skoleåret {schoolyear}", "trivselsmålingen i folkeskolen",
    ],
    "teknik": [
        "renoveringen af {street}", "vintertjenesten på veje og stier", "affaldssorteringen i etageboliger",
        "klimatilpasningen i {district}", "parkeringsstrategien", "cykelstien langs {street}",
        "belysningen i {park}", "trafiksikkerhedsplanen", "asfaltprogrammet for {year}",
        "beskyttelsen af grundvandet", "byens træer og grønne arealer", "ladestandere til elbiler",
    ],
    "social": [
        "hjemmeplejens kvalitetsstandarder", "antallet af plejeboliger frem til {year5}", "demensindsatsen",
        "rehabiliteringsforløb i eget hjem", "værdighedspolitikken", "det uanmeldte tilsyn på plejecentret {center}",
        "botilbuddet {center}", "den forebyggende sundhedsindsats", "madservice til hjemmeboende ældre",
        "hjælpemiddelområdet", "socialpsykiatrien", "politikken for samarbejde med pårørende",
    ],
    "kultur": [
        "biblioteksbetjeningen i {district}", "tilskudsreglerne for foreningslivet",
        "fordelingen af haltider for sæsonen {schoolyear}", "kulturhuset {center}", "musikskolens takster",
        "idrætsstrategien", "byfesten {year}", "lokaletilskuddet til foreninger", "indkøb af kunst til byrummet",
        "renoveringen af svømmehallen",
    ],
    "oekonomi": [
        "budgetopfølgningen pr. {month_day}", "anlægsoversigten for {year}", "kassebeholdningen og likviditeten",
        "den økonomiske politik", "indkøbspolitikken", "kommunens forsikringsordning", "låneoptagelse til {project}",
        "huslejen i kommunale ejendomme", "digitaliseringsstrategien", "arbejdsmiljøredegørelsen",
        "sygefraværet blandt medarbejderne", "salget af {property}",
    ],
    "plan": [
        "lokalplan {lp} for {district}", "kommuneplantillæg nr. {lp_small}", "planstrategien",
        "byfornyelsen i {district}", "den boligsociale helhedsplan for {district}", "udbygningen af almene boliger",
        "bevaringsværdige bygninger i {district}", "den nye bydel ved {district}", "helhedsplanen for stationsområdet",
    ],
}

STREETS = ["Lærkevej", "Havnegade", "Bygaden", "Engvej", "Kløvermarken", "Skolestien", "Møllebakken",
           "Stationsvej", "Bøgealléen", "Fjordvej"]
DISTRICTS = ["Nordbyen", "Vesterhave", "Kirkebakken", "Havnekvarteret", "Egeskoven", "Sønderport", "Bakkedal"]
CENTERS = ["Solgården", "Lindehøj", "Birkely", "Rosenhaven", "Kastanjegården", "Fyrrebo"]
PARKS = ["Byparken", "Søparken", "Rådhushaven", "Skovlunden"]
PROPERTIES = ["den tidligere rådhusgrund", "ejendommen på Havnegade 12", "den gamle brandstation",
              "grunden ved Stationsvej"]
PROJECTS = ["energirenovering af skoler", "nye plejeboliger", "udvidelse af daginstitutioner",
            "klimasikring af kysten"]
PARTNERS = ["regionen", "de lokale foreninger", "et universitet", "nabokommunerne", "en ekstern rådgiver",
            "erhvervsskolen", "boligselskaberne i området"]
PARTIES = ["A", "B", "C", "F", "O", "V", "Ø", "Å", "K", "D"]
FIRST_NAMES = ["Anne", "Bo", "Camilla", "Dorthe", "Erik", "Frida", "Gustav", "Hanne", "Ib", "Jette", "Kasper",
               "Lone", "Mikkel", "Nadia", "Ole", "Pernille", "Rasmus", "Sanne", "Torben", "Ulla", "Vagn",
               "Yasmin", "Aksel", "Birgitte", "Carsten"]
LAST_NAMES = ["Holm", "Kragh", "Lund", "Mørch", "Nørgaard", "Østergaard", "Bech", "Dalsgaard", "Friis", "Grøn",
              "Hedegaard", "Juhl", "Kjær", "Lauridsen", "Mose", "Skov", "Thygesen", "Vestergaard", "Winther"]

WRAPPERS = {
    "orient": ["Status på {s}", "Orientering om {s}", "Årlig redegørelse for {s}", "Halvårlig opfølgning på {s}",
               "Evaluering af {s}", "Tilsynsrapport om {s}", "Nøgletal for {s} {year}"],
    "decide": ["Godkendelse af {s}", "Forslag til ændring af {s}", "Ny model for {s}", "Revideret plan for {s}",
               "Anlægsbevilling til {s}", "Udmøntning af puljen til {s}", "Principper for {s}",
               "Høringssvar om {s}"],
    "discuss": ["Temadrøftelse om {s}", "Drøftelse af {s}", "Budgetønsker vedrørende {s}"],
}

GENERIC = [
    "Forvaltningen har i {year} arbejdet målrettet med {topic}, og erfaringerne er samlet i denne sag.",
    "Sagen forelægges, fordi udvalget tidligere har ønsket en løbende orientering om {topic}.",
    "Der er i alt registreret {num} sager i perioden, hvilket svarer til {trend}.",
    "Udgiften forventes at udgøre {amount} mio. kr. årligt, som kan afholdes inden for den eksisterende ramme.",
    "Forvaltningen vurderer, at {topic} fortsat kræver opmærksomhed, særligt set i lyset af den demografiske udvikling.",
    "I den seneste måling svarer et flertal af de adspurgte borgere, at de er tilfredse eller meget tilfredse med indsatsen.",
    "Arbejdet er tilrettelagt i tæt dialog med medarbejderrepræsentanterne i MED-systemet.",
    "Det bemærkes, at tallene for {month} er foreløbige og kan blive justeret ved den endelige opgørelse.",
    "Der er ikke i perioden modtaget henvendelser fra tilsynsmyndighederne om {topic}.",
    "Forvaltningen foreslår, at indsatsen evalueres efter et år, hvorefter udvalget tager stilling til den videre drift.",
    "En nærmere beskrivelse af de enkelte elementer fremgår af bilag {bilag}.",
    "Løsningen bygger på erfaringer fra {small} andre kommuner, som har gennemført lignende tiltag med gode resultater.",
    "Høringssvarene er overvejende positive, men flere parter efterlyser en mere præcis tidsplan.",
    "{Dept} har gennemgået de relevante retningslinjer og vurderer, at de gældende regler overholdes.",
    "Det forventede mindreforbrug skyldes primært, at udbuddet er blevet forsinket med et par måneder.",
    "Der er afsat {amount} mio. kr. i budget {year} til formålet, heraf {amount2} mio. kr. til drift.",
    "Godkender udvalget forslaget, kan arbejdet sættes i gang i løbet af {month} {year}.",
    "Sagen har været drøftet med de berørte institutioner, som bakker op om den foreslåede model.",
    "Ændringen forventes at berøre omkring {num} borgere, hvoraf de fleste allerede er i kontakt med forvaltningen.",
    "Forvaltningen følger udviklingen tæt og orienterer udvalget, hvis der viser sig behov for yderligere tiltag.",
    "Til sammenligning lå niveauet i {year_prev} på {num2} sager, så udviklingen er i tråd med forventningerne.",
    "Den nuværende ordning blev indført i {year_old} og er siden kun justeret i mindre omfang.",
    "Der er tale om en midlertidig løsning, indtil en mere varig model kan indarbejdes i budgettet.",
    "Forvaltningen vurderer, at tidsplanen er realistisk, men den forudsætter en hurtig politisk afklaring.",
    "Revisionen har ikke haft bemærkninger til området i forbindelse med årsregnskabet for {year_prev}.",
    "Borgerne orienteres via kommunens hjemmeside og med brev i den digitale postkasse.",
    "Forslaget er udarbejdet af en arbejdsgruppe med ledere, medarbejdere og repræsentanter for brugerne.",
    "Erfaringerne fra forsøgsperioden viser, at ventetiden kan nedbringes med omkring {pct} pct.",
    "Forslaget ændrer ikke det serviceniveau, borgerne i dag kan forvente.",
    "Der er fortsat usikkerhed om det endelige udgiftsniveau, fordi flere forhold afhænger af statslige beslutninger.",
    "Udvalget vil få en opfølgende status, så snart de første resultater foreligger.",
    "{Dept} anbefaler, at kommunen deltager i samarbejdet, da det giver adgang til ny viden og fælles redskaber.",
    "Antallet af henvendelser har svinget gennem året og toppede i {month}.",
    "Der er holdt {small} dialogmøder med interessenterne, og de vigtigste pointer er opsummeret nedenfor.",
    "Tidsplanen er lagt, så anlægsarbejdet ikke falder sammen med skolernes sommerferie.",
    "Kommunen vurderes at overholde samtlige lovbestemte frister på området.",
    "Forvaltningen har indhentet tre tilbud, og det billigste lever op til alle mindstekrav i udbudsmaterialet.",
    "Projektet gennemføres sammen med {partner}, som bidrager med både viden og medfinansiering.",
    "Der er i dag {small} ledige pladser, og ventelisten er blevet kortere i løbet af året.",
    "Udvalget kan vælge mellem de tre modeller, som er beskrevet nedenfor.",
    "Et mindretal af høringsparterne foreslår en anden prioritering, hvilket er nærmere beskrevet i høringsnotatet.",
    "Den samlede effekt kan først vurderes, når data for hele {year} foreligger.",
    "Forvaltningen gør opmærksom på, at opgaven kræver en tæt koordinering på tværs af flere afdelinger.",
    "Der har været afholdt et informationsmøde for de berørte borgere med cirka {num3} deltagere.",
]

AREA_SENTENCES = {
    "beskaeftigelse": [
        "Ledigheden i kommunen er faldet med {pct} pct. i løbet af det seneste år og ligger nu under landsgennemsnittet.",
        "Jobcentret har etableret et nyt team, der alene arbejder med virksomhedernes rekrutteringsbehov.",
        "Andelen af unge, der er i gang med en uddannelse et år efter afsluttet forløb, er steget til {pct} pct.",
        "Flere sygemeldte borgere er vendt tilbage til deres arbejdsplads inden for de første otte uger.",
        "Sagsbehandlerne har i gennemsnit haft {num3} sager hver, hvilket er tæt på målsætningen.",
    ],
    "boern": [
        "Skolernes trivselsmåling viser en svag fremgang i elevernes oplevede ro og orden i klassen.",
        "Børnetallet forventes at stige i {district}, og kapaciteten i dagtilbuddene skal derfor udvides.",
        "Forældrebestyrelserne er hørt og har generelt taget positivt imod forslaget.",
        "Der er gennemført en trafiktælling ved skolen, som viser, at mange elever cykler i myldretiden.",
        "Pædagogerne har deltaget i et kompetenceforløb om tidlig opsporing af sproglige vanskeligheder.",
    ],
    "teknik": [
        "Vejens belægning er i dårlig stand på flere strækninger og bør udskiftes inden for de næste to år.",
        "Forsyningsselskabet har meddelt, at kloakarbejdet kan koordineres med vejarbejdet i {year}.",
        "Den nye ordning vil reducere mængden af restaffald med anslået {pct} pct.",
        "Politiet har i høringen udtalt, at de kan anbefale hastighedsnedsættelsen på {street}.",
        "Der er registreret {small} uheld på strækningen i de seneste fem år.",
    ],
    "social": [
        "Antallet af borgere over 80 år forventes at stige markant i de kommende ti år.",
        "Tilsynet fandt ingen væsentlige mangler, men gav anbefalinger om dokumentation af medicinhåndtering.",
        "Medarbejderne på plejecentret {center} har gennemført et uddannelsesforløb i demens og kommunikation.",
        "Den gennemsnitlige ventetid på en plejebolig er i øjeblikket {small} uger.",
        "Flere pårørende har efterspurgt faste kontaktpersoner, hvilket indgår i forslaget.",
    ],
    "kultur": [
        "Foreningerne har i alt {num} aktive medlemmer under 25 år, hvilket er et lille fald i forhold til sidste år.",
        "Kulturhuset {center} havde cirka {num3}00 besøgende i løbet af året.",
        "De nye tilskudsregler skal gøre det enklere for små foreninger at søge støtte.",
        "Biblioteket har udvidet åbningstiden med selvbetjening om aftenen.",
        "Idrætsrådet har afgivet et høringssvar, der støtter forslaget med enkelte bemærkninger.",
    ],
    "oekonomi": [
        "Det forventede regnskab viser et samlet merforbrug på {amount} mio. kr. på serviceudgifterne.",
        "Den gennemsnitlige likviditet de seneste tolv måneder udgør {amount2}0 mio. kr.",
        "Anlægsprojekterne er samlet set forsinket, og en del af rådighedsbeløbene foreslås overført til {year_next}.",
        "Renteniveauet er steget, hvilket påvirker udgifterne til den variabelt forrentede gæld.",
        "Sygefraværet er faldet til {small},{small} pct. og ligger dermed under målsætningen.",
    ],
    "plan": [
        "Lokalplanforslaget har været i offentlig høring i otte uger, og der er indkommet {small} høringssvar.",
        "Planen giver mulighed for cirka {num3} nye boliger, heraf en fjerdedel almene familieboliger.",
        "Bebyggelsen må højst opføres i fire etager for at tage hensyn til de omkringliggende villaer.",
        "Der er udarbejdet en miljøscreening, som konkluderer, at planen ikke kræver en miljøvurdering.",
        "Grundejerforeningen i {district} har udtrykt bekymring for den øgede trafik på de små veje.",
    ],
}

ECONOMY = [
    "Udgiften på {amount} mio. kr. foreslås finansieret af den centrale pulje til uforudsete udgifter.",
    "Der søges en tillægsbevilling på {amount2} mio. kr. i {year}, mens udgiften fra {year_next} indarbejdes i budgettet.",
    "Merudgiften kan afholdes inden for udvalgets samlede ramme ved en omprioritering mellem aktiviteterne.",
    "Anlægsudgiften er anslået til {amount} mio. kr. inklusive rådgivning og uforudsete udgifter.",
    "De årlige driftsudgifter forventes at falde med {amount2} mio. kr., når ordningen er fuldt indfaset.",
    "Forslaget er udgiftsneutralt for kommunen, da staten dækker udgifterne i forsøgsperioden.",
    "Der er en mindre usikkerhed om lønudgifterne, som afhænger af de kommende overenskomster.",
    "Beløbene er opgjort i {year}-priser og fremskrives med den almindelige pris- og lønudvikling.",
]

BULLETS = [
    "bedre koordinering mellem afdelingerne", "kortere sagsbehandlingstid", "tydeligere information til borgerne",
    "mere ensartet praksis på tværs af institutionerne", "styrket ledelsestilsyn", "øget brug af digitale løsninger",
    "færre ansøgninger, der må sendes tilbage", "fast kontaktperson til hver borger",
    "opfølgning på nøgletal hvert kvartal", "fælles kompetenceudvikling for medarbejderne",
    "en samlet oversigt over ventetider", "inddragelse af brugerrådene ved større ændringer",
]

SUBHEADINGS = ["Baggrund", "Status", "Nøgletal", "Forslag til ændringer", "Tidsplan", "Vurdering",
               "Høring", "Erfaringer fra andre kommuner", "Modeller", "Det videre forløb"]

ATTACHMENT_TITLES = [
    "Notat om {s}", "Høringsnotat", "Tidsplan", "Økonomioversigt", "Oversigt over {s}", "Evalueringsrapport",
    "Kortbilag", "Svar fra høringsparterne", "Bevillingsskema", "Præsentation fra temamødet",
    "Kommissorium for arbejdsgruppen", "Nøgletal {year}",
]
CLOSED_TITLES = ["Oversigt over enkeltsager", "Navneliste over ansøgere", "Tilbudsoversigt",
                 "Personsager i perioden", "Fortrolige forhandlingsoplæg"]

MEDDELELSER = [
    ("Ny vejledning om {s}", "Ministeriet har udsendt en ny vejledning, som træder i kraft {d}. Forvaltningen tilpasser de lokale retningslinjer."),
    ("Orientering om henvendelser", "Der er siden sidste møde modtaget {small} henvendelser fra borgere om {s}. Henvendelserne er besvaret."),
    ("Status på {s}", "Arbejdet forløber som planlagt, og udvalget vil få en samlet status på et kommende møde."),
    ("Invitation til temamøde", "Udvalget inviteres til temamøde om {s} {d}. Nærmere program følger."),
    ("Kommende lovændringer", "Folketinget har vedtaget ændringer, der har betydning for {s}. Forvaltningen vurderer konsekvenserne."),
    ("Resultat af brugerundersøgelse", "Undersøgelsen viser, at {pct} pct. af de adspurgte er tilfredse. Rapporten kan rekvireres hos forvaltningen."),
    ("Personalesituationen", "To stillinger er genbesat, og rekrutteringen til den sidste ledige stilling er i gang."),
]


# --------------------------------------------------------------------------------------------------
# Planning


@dataclass
class MeetingPlan:
    kommune: Kommune
    body: Body
    date: date
    size: int
    reserved: list = field(default_factory=list)  # (Case, step index)
    items: list = field(default_factory=list)  # rendered _Item
    seq: int = 0

    @property
    def term(self) -> str:
        return term_of(self.date)

    def standing(self) -> tuple[list[str], list[str]]:
        style = self.kommune.style(self.term)
        if style == TAARNBY:
            if self.size >= 6:
                return ["Godkendelse af dagsorden", "Meddelelser"], ["Eventuelt", "Underskriftsark"]
            if self.size >= 3:
                return ["Godkendelse af dagsorden"], ["Eventuelt"]
            return [], []
        return (["Meddelelser"], []) if self.size >= 3 else ([], [])

    def capacity(self) -> int:
        head, tail = self.standing()
        return self.size - len(head) - len(tail)


@dataclass
class Step:
    body: Body
    meeting: MeetingPlan
    number: int | None = None
    decision: str = ""
    indstilling: str = ""


@dataclass
class Case:
    number: str
    area: str
    kind: str  # orient | decide | discuss
    title: str
    topic: str
    steps: list[Step]
    content: dict


@dataclass
class _Item:
    number: int
    title: str
    case_number: str
    text: str  # the item body after the "Punkt N: title" line


def _meeting_sizes(items: int, rng: random.Random) -> list[int]:
    sizes: list[int] = []
    left = items
    while left > 0:
        if left <= 14:
            sizes.append(left)
            break
        s = rng.randint(6, 14)
        if left - s < 6:
            s = left - 6 if left - 6 <= 14 else 14
        sizes.append(s)
        left -= s
    return sizes


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` by ``weights``."""
    wsum = sum(weights)
    raw = [total * w / wsum for w in weights]
    out = [int(r) for r in raw]
    rest = sorted(range(len(weights)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in rest[: total - sum(out)]:
        out[i] += 1
    return out


def _dates_for(body: Body, n: int, start: date, end: date, rng: random.Random, taken: set) -> list[date]:
    """``n`` distinct meeting dates on ``body.weekday`` (or nearby weekdays) spread over [start, end]."""
    if n <= 0:
        return []
    span = (end - start).days
    out = []
    for i in range(n):
        target = start + timedelta(days=int(span * (i + 0.5) / n) + rng.randint(-3, 3))
        target = max(start, min(end, target))
        d = target + timedelta(days=(body.weekday - target.weekday()) % 7)
        tries = 0
        while (d in taken or d.weekday() >= 5 or d > LAST_DAY or d < FIRST_DAY) and tries < 6000:
            tries += 1
            step = (tries + 1) // 2
            d = target + timedelta(days=step if tries % 2 else -step)
        if d in taken or d.weekday() >= 5 or d > LAST_DAY or d < FIRST_DAY:
            raise ValueError(f"too many meetings for {body.key}; use fewer items")
        taken.add(d)
        out.append(d)
    out.sort()
    return out


def _plan(items: int, rng: random.Random) -> list[list[MeetingPlan]]:
    """Meetings per municipality, each list sorted in processing order (date, body order)."""
    sizes = _meeting_sizes(items, rng)
    rng.shuffle(sizes)
    per_kommune = _allocate(len(sizes), [1.0] * len(KOMMUNER))
    plans: list[list[MeetingPlan]] = []
    pos = 0
    for kommune, nk in zip(KOMMUNER, per_kommune):
        ksizes = sizes[pos: pos + nk]
        pos += nk
        weights = [b.per_year for b in kommune.bodies]
        counts = _allocate(nk, weights)
        # The date window grows with the archive: about one full year of meetings per year of window,
        # centred on the change of term so that small archives still span both terms.
        years = max(counts[i] / b.per_year for i, b in enumerate(kommune.bodies)) if nk else 0
        half = timedelta(days=int(min(8.0, max(0.5, years)) * 365 / 2))
        start, end = max(FIRST_DAY, TERM_BOUNDARY - half), min(LAST_DAY, TERM_BOUNDARY + half)
        if end - start < half * 2:  # clamped on one side: extend the other
            if start == FIRST_DAY:
                end = min(LAST_DAY, start + half * 2)
            else:
                start = max(FIRST_DAY, end - half * 2)
        meetings: list[MeetingPlan] = []
        si = 0
        for body, n in zip(kommune.bodies, counts):
            for d in _dates_for(body, n, start, end, rng, set()):
                meetings.append(MeetingPlan(kommune, body, d, ksizes[si]))
                si += 1
        meetings.sort(key=lambda m: (m.date, m.body.order, m.body.key))
        for i, m in enumerate(meetings):
            m.seq = i
        plans.append(meetings)
    return plans


# --------------------------------------------------------------------------------------------------
# Text generation


class _Writer:
    """Generates all meetings of one municipality in processing order."""

    def __init__(self, kommune: Kommune, meetings: list[MeetingPlan], rng: random.Random, stats: SynthStats):
        self.k = kommune
        self.meetings = meetings
        self.rng = rng
        self.stats = stats
        self.by_body: dict[str, list[MeetingPlan]] = {}
        for m in meetings:
            self.by_body.setdefault(m.body.key, []).append(m)
        self.dates_by_body = {k: [m.date for m in v] for k, v in self.by_body.items()}
        self.serial: dict[int, int] = {}
        self.used_numbers: set[str] = set()
        self.catch_all: dict[tuple, str] = {}
        self.term_counter: dict[tuple, int] = {}
        self.past: dict[str, list[tuple[date, int, str]]] = {}  # body key -> (date, number, term)
        self.cases: list[Case] = []
        self.deck: list[str] = []
        self.deck_area = ""
        self.cur_area: str | None = None

    # ---- small helpers
    def fill(self, template: str, topic: str = "", d: date | None = None) -> str:
        fields = _FIELDS.get(template)
        if fields is None:
            fields = _FIELDS[template] = tuple(dict.fromkeys(re.findall(r"\{(\w+)\}", template)))
        if not fields:
            return template
        r = self.rng
        d = d or date(2021, 6, 1)
        vals = {}
        for f in fields:
            if f in ("topic", "s"):
                vals[f] = topic
            elif f == "Dept":
                vals[f] = self.dept(self.cur_area)
            else:
                vals[f] = _VALUES[f](r, d)
        return template.format(**vals)

    def dept(self, area: str | None = None) -> str:
        if area is None or area not in self.k.departments:
            area = self.rng.choice(list(self.k.departments))
        return self.k.departments[area]

    def case_number(self, area: str, d: date, catch_all: bool = False) -> str:
        r = self.rng
        y = d.year if (catch_all or r.random() < 0.8) else d.year - 1
        while True:
            if self.k.case_style == "acadre":
                s = self.serial.get(y, r.randint(150, 900)) + r.randint(7, 420)
                self.serial[y] = s
                num = f"{y % 100:02d}/{s}"
            else:
                s = self.serial.get(y, r.randint(0, 3)) + r.randint(1, 4)
                self.serial[y] = s
                if catch_all:
                    num = f"00.22.00-P35-{s}-{y % 100:02d}"
                else:
                    subj = r.choice(KLE[area])
                    facet = r.choice(["P05", "P20", "P35", "G01", "A00", "P00", ""])
                    num = f"{subj}-{facet}-{s}-{y % 100:02d}" if facet else f"{subj}-{s}-{y % 100:02d}"
            if num not in self.used_numbers:
                self.used_numbers.add(num)
                return num

    def catch_all_number(self, m: MeetingPlan) -> str:
        key = (m.body.key, m.term if self.k.case_style == "kle" else m.date.year)
        if key not in self.catch_all:
            self.catch_all[key] = self.case_number("oekonomi", m.date, catch_all=True)
        return self.catch_all[key]

    def paragraph(self, area: str, topic: str, d: date, n: int | None = None) -> str:
        """``n`` sentences drawn without repetition from a deck that lasts one case."""
        r = self.rng
        n = n or r.randint(3, 6)
        out = []
        for _ in range(n):
            if not self.deck or self.deck_area != area:
                self.deck = GENERIC + AREA_SENTENCES[area] * 2
                self.deck_area = area
                r.shuffle(self.deck)
            out.append(self.fill(self.deck.pop(), topic, d))
        return " ".join(out)

    def new_deck(self) -> None:
        self.deck = []

    def reference(self, m: MeetingPlan) -> str | None:
        """A sentence referring to an earlier item, or None when there is nothing to refer to."""
        r = self.rng
        same = self.past.get(m.body.key, [])
        roll = r.random()
        if roll < 0.12:  # before the archive starts: unresolvable, as in real referater
            d = date(r.randint(2012, 2017), r.randint(1, 12), r.randint(1, 28))
            self.stats.references += 1
            return f"Udvalget besluttede på sit møde den {d_text(d)} (pkt. {r.randint(5, 120)}), at området skulle følges årligt."
        if same and roll < 0.65:
            d, n, term = r.choice(same[-30:])
            self.stats.references += 1
            if term == m.term and d.year == m.date.year and r.random() < 0.5:
                return f"Den seneste status blev forelagt den {d_text(d, False)} (pkt. {n})."
            return f"Den seneste status blev forelagt den {d_text(d)} (pkt. {n})."
        others = [k for k in self.past if k != m.body.key and self.past[k]]
        if others:
            key = r.choice(sorted(others))
            body = next(b for b in self.k.bodies if b.key == key)
            d, n, term = r.choice(self.past[key][-30:])
            self.stats.references += 1
            if r.random() < 0.5:
                return f"Sagen har tidligere været behandlet ({body.abbr(term)} d. {d_text(d)} pkt. {n})."
            return f"Der henvises til behandlingen i {lower(body.name(term))} ({body.abbr(term)} {d_text(d)}, pkt. {n})."
        return None

    # ---- cases
    def next_meeting(self, body: Body, after: MeetingPlan) -> MeetingPlan | None:
        dates = self.dates_by_body.get(body.key, [])
        ms = self.by_body.get(body.key, [])
        i = bisect.bisect_left(dates, after.date)
        for m in ms[i: i + 4]:
            if m.seq <= after.seq:
                continue
            if (m.date - after.date).days > 120:
                return None
            if len(m.reserved) < m.capacity():
                return m
        return None

    def new_case(self, m: MeetingPlan) -> Case:
        r = self.rng
        b = m.body
        bodies = self.k.bodies
        oeu = next(x for x in bodies if x.kind == "oeu")
        kb = next(x for x in bodies if x.kind == "kb")
        udvalg = [x for x in bodies if x.kind == "udvalg"]
        x = r.random()
        if b.kind == "udvalg":
            if x < 0.45:
                route = [b]
            elif x < 0.54:
                route = [b, b]
            elif x < 0.68:
                route = [b, oeu]
            elif x < 0.88:
                route = [b, oeu, kb]
            elif x < 0.94:
                route = [b, r.choice([u for u in udvalg if u is not b] or [b])]
            else:
                route = [b, b, oeu, kb]
            area = r.choice(b.areas)
        elif b.kind == "oeu":
            route = [b] if x < 0.5 else [b, kb] if x < 0.85 else [b, kb, r.choice(udvalg)]
            area = r.choice(route[-1].areas if route[-1].kind == "udvalg" else ("oekonomi",))
        else:
            route = [b]
            area = r.choice(("oekonomi", "plan", r.choice(udvalg).areas[0]))
        steps = [Step(route[0], m)]
        for body in route[1:]:
            nm = self.next_meeting(body, steps[-1].meeting)
            if nm is None:
                break
            steps.append(Step(body, nm))
            nm.reserved.append(None)  # placeholder; replaced below with (case, index)
        if len(steps) == 1:
            kind = r.choice(["orient", "orient", "decide", "decide", "discuss"])
        elif steps[-1].body.kind == "udvalg" and steps[0].body.kind != "udvalg":
            kind = "orient"
        else:
            kind = "decide"
        topic = self.fill(r.choice(SUBJECTS[area]), d=m.date)
        title = self.fill(r.choice(WRAPPERS[kind]).replace("{s}", topic), d=m.date)
        title = title[0].upper() + title[1:]
        number = self.case_number(area, m.date)
        case = Case(number, area, kind, title, topic, steps, self.case_content(area, kind, topic, m))
        for i, st in enumerate(steps[1:], 1):
            st.meeting.reserved[st.meeting.reserved.index(None)] = (case, i)
        self.decide(case)
        self.cases.append(case)
        return case

    def case_content(self, area: str, kind: str, topic: str, m: MeetingPlan) -> dict:
        r = self.rng
        d = m.date
        self.new_deck()
        self.cur_area = area
        blocks: list[tuple] = []
        ref = self.reference(m) if r.random() < 0.7 else None
        nsub = r.randint(1, 3)
        heads = r.sample(SUBHEADINGS, nsub)
        for hi, h in enumerate(heads):
            blocks.append(("h", f"{hi + 1}. {h}" if r.random() < 0.6 else h))
            for pi in range(r.randint(1, 3)):
                p = self.paragraph(area, topic, d)
                if ref and hi == 0 and pi == 0:
                    p = p + " " + ref
                blocks.append(("p", p))
            if r.random() < 0.35:
                blocks.append(("p", "Forslaget indeholder blandt andet følgende elementer:"))
                blocks.append(("ul", [b[0].upper() + b[1:] for b in r.sample(BULLETS, r.randint(2, 5))]))
        if r.random() < 0.3:
            y = d.year
            cap = f"Tabel {r.randint(1, 3)}: Udvikling i {topic}"
            rows = [["(i 1.000 kr.)"] + [str(y - i) for i in range(3, -1, -1)]]
            for label in r.sample(["Drift", "Anlæg", "Indtægter", "Personale", "Køb af ydelser", "Øvrige udgifter"], 3):
                rows.append([label] + [f"{r.randint(1, 9)}.{r.randint(100, 999)}" for _ in range(4)])
            rows.append(["I alt"] + [f"{r.randint(10, 40)}.{r.randint(100, 999)}" for _ in range(4)])
            blocks.append(("table", cap, rows))
            blocks.append(("p", self.paragraph(area, topic, d, 2)))
        n_att = r.choice([0, 0, 1, 1, 2, 2, 3, 4])
        atts = []
        for t in r.sample(ATTACHMENT_TITLES, n_att):
            closed = r.random() < 0.15
            t = r.choice(CLOSED_TITLES) if closed else self.fill(t, topic, d)
            atts.append((t, closed, r.random() < 0.05 and not closed))
        if any(c for _, c, _ in atts):
            i = next(i for i, (_, c, _) in enumerate(atts) if c)
            blocks.append(("p", f"Bilag {i + 1} er lukket, da det indeholder personhenførbare oplysninger."))
        economy = (" ".join(self.fill(t, topic, d) for t in r.sample(ECONOMY, r.randint(2, 4))) if r.random() < 0.6
                   else "Sagen har ingen bevillingsmæssige konsekvenser.")
        return {
            "resume": self.paragraph(area, topic, d, r.randint(2, 3)),
            "blocks": blocks,
            "economy": economy,
            "attachments": atts,
            "dept": self.dept(area),
            "paategning": r.random() < 0.2,
            "initials": r.choice(self.k.initials),
        }

    def decide(self, case: Case) -> None:
        """Decision and recommendation text of every step, from the route and the case kind."""
        r = self.rng
        tb = self.k.case_style == "acadre"
        topic = case.topic
        dept = case.content["dept"]
        verb = {"orient": ("tager orienteringen om {t} til efterretning", "tog orienteringen om {t} til efterretning",
                           "Taget til efterretning."),
                "decide": ("godkender forslaget om {t}", "godkendte forslaget om {t}", "Godkendt."),
                "discuss": ("drøfter {t}", "drøftede {t}", "Drøftet.")}[case.kind]
        for i, st in enumerate(case.steps):
            name = st.body.name(st.meeting.term)
            nxt = case.steps[i + 1] if i + 1 < len(case.steps) else None
            who = "udvalget" if st.body.kind == "udvalg" else lower(name)
            if i == 0:
                st.indstilling = f"{dept} indstiller, at {who} {verb[0].format(t=topic)}."
                if case.kind == "decide" and r.random() < 0.5:
                    st.indstilling = (f"{dept} indstiller, at {who}\n\n1. {verb[0].format(t=topic)},\n"
                                      f"2. godkender tidsplanen for det videre arbejde, og\n"
                                      f"3. beder forvaltningen om en status inden udgangen af {st.meeting.date.year + 1}.")
            else:
                prev = case.steps[i - 1]
                prev_name = prev.body.name(prev.meeting.term)
                if prev.body is st.body:
                    st.indstilling = case.steps[0].indstilling
                else:
                    st.indstilling = f"{prev_name} indstiller, at {who} {verb[0].format(t=topic)}."
            if nxt is not None and nxt.body is st.body:
                st.decision = "Udsat." if tb else f"{running(name)} udsatte sagen."
            elif nxt is not None and nxt.body.kind == "udvalg" and st.body.kind == "udvalg":
                nn = lower(nxt.body.name(nxt.meeting.term))
                st.decision = (f"Oversendes til {nn} til videre behandling." if tb else
                               f"{running(name)} oversendte sagen til {nn} til videre behandling.")
            elif nxt is not None and nxt.body.order > st.body.order:
                nn = lower(nxt.body.name(nxt.meeting.term))
                st.decision = r.choice(["Anbefales.", "Indstillingen anbefales over for " + nn + "."]) if tb else (
                    r.choice([f"{running(name)} indstiller til {nn}, at indstillingen godkendes.",
                              f"{running(name)} anbefaler indstillingen over for {nn}."]))
            elif nxt is not None:  # the council decided, a committee gets it for orientation
                nn = lower(nxt.body.name(nxt.meeting.term))
                st.decision = (f"Indstillingen tiltrådt.\n\nFremsendes til {nn} til orientering." if tb
                               else f"{running(name)} tiltrådte indstillingen.")
            else:
                x = r.random()
                if case.kind == "decide" and x < 0.1:
                    a, b = r.sample(PARTIES, 2)
                    votes = f"For stemte: {a} ({r.randint(2, 6)})\n\nImod stemte: {b}, {r.choice(PARTIES)} ({r.randint(7, 12)})"
                    st.decision = ("Ikke godkendt.\n\n" + votes) if tb else f"{running(name)} forkastede forslaget.\n\n{votes}"
                elif tb:
                    st.decision = verb[2] if x < 0.7 else verb[2] + " " + self.paragraph(case.area, topic, st.meeting.date, 1)
                elif x < 0.75:
                    st.decision = f"{running(name)} {verb[1].format(t=topic)}."
                else:
                    st.decision = (f"{running(name)}\n\n1. {verb[1].format(t=topic)} og\n"
                                   f"2. bad forvaltningen om at vende tilbage med en status i {MONTHS[r.randrange(12)]} "
                                   f"{st.meeting.date.year + 1}.")

    # ---- meetings
    def run(self) -> Iterator[MeetingPlan]:
        r = self.rng
        for m in self.meetings:
            head, tail = m.standing()
            regular: list[tuple[Case, int] | str] = [x for x in m.reserved if x is not None]
            while len(regular) < m.capacity():
                if self.k.case_style == "acadre" and r.random() < 0.08:
                    regular.append("catch-all")
                else:
                    regular.append((self.new_case(m), 0))
            r.shuffle(regular)
            key = (m.body.key, m.term)
            style = self.k.style(m.term)
            if style == TAARNBY:
                first = 1
            else:
                first = self.term_counter.get(key, 1)
            n = first
            entries: list = [("standing", t) for t in head] + regular + [("standing", t) for t in tail]
            for e in entries:
                if isinstance(e, tuple) and e[0] == "standing":
                    item = self.standing_item(m, e[1], n, style)
                elif e == "catch-all":
                    item = self.catch_all_item(m, n)
                else:
                    case, i = e
                    case.steps[i].number = n
                    item = self.case_item(m, case, i, n, style)
                m.items.append(item)
                self.past.setdefault(m.body.key, []).append((m.date, n, m.term))
                n += 1
            self.term_counter[key] = n
            yield m

    def standing_item(self, m: MeetingPlan, title: str, n: int, style: str) -> _Item:
        r = self.rng
        num = self.catch_all_number(m)
        name = m.body.name(m.term)
        if style == TAARNBY:
            dec = f"Beslutning i {name} den {d_num(m.date)}"
            if title == "Godkendelse af dagsorden":
                text = f"{dec}\n\nGodkendt."
            elif title == "Eventuelt":
                text = f"{dec}\n\n" + r.choice(["Ingen bemærkninger.", "Formanden orienterede om næste mødes dagsorden.",
                                                "Et medlem spurgte til status på vejarbejdet ved " + r.choice(STREETS) + "."])
            elif title == "Underskriftsark":
                text = f"{dec}\n\nProtokollen blev underskrevet af de fremmødte medlemmer."
            else:
                msgs = r.sample(MEDDELELSER, r.randint(3, 6))
                area = r.choice(m.body.areas)
                subj = [self.fill(r.choice(SUBJECTS[area]), d=m.date) for _ in msgs]
                lines = [f"{i + 1}. {self.fill(t, s, m.date)}" for i, ((t, _), s) in enumerate(zip(msgs, subj))]
                text = ("Resumé\n\nOrientering og information til udvalget siden sidste møde.\n\n"
                        "Uddybende bemærkninger\n\n" + "\n".join(lines) + "\n\n"
                        + "\n\n".join(self.fill(b, s, m.date) for (_, b), s in zip(msgs, subj)) + "\n\n"
                        f"Indstilling\n\n{self.dept(area)} indstiller til {name},\n\n1. at meddelelserne tages til efterretning.\n\n"
                        f"{dec}\n\nTaget til efterretning.\n\nBilag\n\n"
                        + "\n\n".join(self.fill(t, s, m.date) for (t, _), s in zip(msgs[:2], subj)))
            return _Item(n, title, num, f"{num}\n\n{text}")
        # Frederiksberg: "Meddelelser" carries its messages as headed paragraphs under Sagsfremstilling.
        md = style == FB_MD
        msgs = r.sample(MEDDELELSER, r.randint(2, 5))
        area = r.choice(m.body.areas)
        parts = [num, "## Sagsfremstilling" if md else "Sagsfremstilling"]
        for t, b in msgs:
            s = self.fill(r.choice(SUBJECTS[area]), d=m.date)
            head = self.fill(t, s, m.date)
            parts.append(f"### {head}" if md else head)
            parts.append(self.fill(b, s, m.date) + " " + self.paragraph(area, s, m.date, 2))
        return _Item(n, title, num, "\n\n".join(parts))

    def catch_all_item(self, m: MeetingPlan, n: int) -> _Item:
        r = self.rng
        area = r.choice(m.body.areas)
        topic = self.fill(r.choice(SUBJECTS[area]), d=m.date)
        title = f"Orientering om klager og henvendelser vedrørende {topic}"
        name = m.body.name(m.term)
        text = (f"Resumé\n\nForvaltningen fremlægger de seneste afgørelser og henvendelser til orientering.\n\n"
                f"Uddybende bemærkninger\n\n{self.paragraph(area, topic, m.date)}\n\n"
                f"Indstilling\n\n{self.dept(area)} indstiller til {name},\n\n1. at orienteringen tages til efterretning.\n\n"
                f"{r.choice(self.k.initials)}\n\nBeslutning i {name} den {d_num(m.date)}\n\nTaget til efterretning.")
        num = self.catch_all_number(m)
        return _Item(n, title, num, f"{num}\n\n{text}")

    def case_item(self, m: MeetingPlan, case: Case, i: int, n: int, style: str) -> _Item:
        if style == TAARNBY:
            return _Item(n, case.title, case.number, self.render_tb(m, case, i))
        return _Item(n, case.title, case.number, self.render_fb(m, case, i, style == FB_MD))

    def lead(self, m: MeetingPlan, case: Case, i: int) -> str | None:
        """For a resumed case: a paragraph pointing at the previous treatment."""
        if i == 0:
            return None
        prev = case.steps[i - 1]
        self.stats.references += 1
        pname = prev.body.name(prev.meeting.term)
        if prev.body is m.body:
            return (f"På mødet den {d_text(prev.meeting.date)} (pkt. {prev.number}) udsatte udvalget sagen. "
                    f"Sagen forelægges på ny med uændret indstilling.")
        return (f"Sagen blev behandlet i {lower(pname)} den {d_text(prev.meeting.date)} (pkt. {prev.number}) "
                f"og forelægges nu for {lower(m.body.name(m.term))}.")

    def blocks_text(self, blocks: list, md: bool) -> list[str]:
        r = self.rng
        out = []
        for b in blocks:
            if b[0] == "h":
                out.append((r.choice(["## ", "### ", "### ", "### ", "#### "]) + b[1]) if md else b[1])
            elif b[0] == "p":
                p = b[1]
                if not md and len(p) > 400 and r.random() < 0.06:  # a page break inside a paragraph
                    cut = p.rfind(" ", 0, len(p) // 2)
                    out.append(p[:cut])
                    p = p[cut + 1:]
                out.append(p)
            elif b[0] == "ul":
                out.append("\n".join("- " + x for x in b[1]))
            elif b[0] == "table":
                out.append(f"**{b[1]}**" if md else b[1])
                rows = b[2]
                if md:
                    out.append("\n".join("\t".join(f"<b>{c}</b>" if ri == 0 else c for c in row)
                                         for ri, row in enumerate(rows)))
                else:
                    out.append("\n".join("\t".join(row) for row in rows))
        return out

    def route_text(self, case: Case, md: bool) -> str:
        steps = case.steps
        if md:
            return "\n".join(f"- {st.body.name(st.meeting.term)} den {d_text(st.meeting.date)}" for st in steps)
        if len(steps) == 1:
            st = steps[0]
            return f"{running(st.body.name(st.meeting.term))} {d_text(st.meeting.date)}"
        last_year = steps[-1].meeting.date.year
        parts = []
        for j, st in enumerate(steps):
            nm = st.body.name(st.meeting.term)
            nm = running(nm) if j == 0 else lower(nm)
            with_year = st.meeting.date.year != last_year or j == len(steps) - 1
            parts.append(f"{nm} den {d_text(st.meeting.date, with_year)}")
        return ", ".join(parts[:-1]) + " og " + parts[-1] + "."

    def render_fb(self, m: MeetingPlan, case: Case, i: int, md: bool) -> str:
        r = self.rng
        st = case.steps[i]
        c = case.content
        h2 = "## " if md else ""
        out = [case.number, f"{h2}Resume", c["resume"], f"{h2}Beslutning", st.decision, f"{h2}Indstilling",
               st.indstilling, f"{h2}Sagsfremstilling"]
        lead = self.lead(m, case, i)
        if lead:
            out.append(lead)
            if i > 0 and md:
                out.append("**Oprindelig sagsfremstilling**")
            elif i > 0:
                out.append("Oprindelig sagsfremstilling:")
        out += self.blocks_text(c["blocks"], md)
        out += [f"{h2}Økonomi", c["economy"]]
        bold = md and r.random() < 0.5
        out += [f"{h2}**Borgmesterpåtegning**" if bold else f"{h2}Borgmesterpåtegning",
                r.choice(["Nej", "Intet at bemærke."])]
        out += [f"{h2}**Behandling**" if bold else f"{h2}Behandling", self.route_text(case, md)]
        if i > 0:
            out.append(f"{h2}Historik")
            for j in range(i - 1, -1, -1):
                prev = case.steps[j]
                pd = d_text(prev.meeting.date)
                label = f"Beslutning {pd}, pkt. {prev.number}:"
                out += [f"**{label}**" if md else label, prev.decision]
                if j == 0 or r.random() < 0.5:
                    label = f"Indstilling {pd}, pkt. {prev.number}:"
                    out += [f"**{label}**" if md else label, prev.indstilling]
        if c["attachments"]:
            out.append(f"{h2}Bilag")
            for k, (t, closed, open_) in enumerate(c["attachments"], 1):
                suffix = " lukket" if closed else (" åben" if open_ else "")
                out.append(f"Bilag {k} - {t}{suffix}")
        return "\n\n".join(out)

    def render_tb(self, m: MeetingPlan, case: Case, i: int) -> str:
        r = self.rng
        st = case.steps[i]
        c = case.content
        out = [case.number, "Resumé", c["resume"], "Uddybende bemærkninger"]
        lead = self.lead(m, case, i)
        if lead:
            out.append(lead)
        out += self.blocks_text(c["blocks"], False)
        out += ["Økonomi", c["economy"]]
        if c["paategning"] or any(s.body.kind == "oeu" for s in case.steps):
            pd = case.steps[0].meeting.date - timedelta(days=r.randint(5, 20))
            out += ["Påtegning", f"Den {d_text(pd)}",
                    "Økonomiafdelingen fremsender sagen med bemærkning om, at de økonomiske konsekvenser er indarbejdet i budgetopfølgningen."]
        name = m.body.name(m.term)
        t = case.topic
        wish = {"orient": [f"at orienteringen om {t} tages til efterretning."],
                "decide": [f"at forslaget om {t} godkendes,", "at tidsplanen for det videre arbejde godkendes."],
                "discuss": [f"at {t} drøftes."]}[case.kind]
        who = c["dept"] if i == 0 else case.steps[i - 1].body.name(case.steps[i - 1].meeting.term)
        out += ["Indstilling", f"{who} indstiller til {name},",
                "\n".join(f"{k}. {w}" for k, w in enumerate(wish, 1)), c["initials"]]
        for j in range(i):
            prev = case.steps[j]
            out += [f"Beslutning i {prev.body.name(prev.meeting.term)} den {d_num(prev.meeting.date)}", prev.decision]
        if r.random() < 0.03:
            out.append("Bilag")  # an empty heading, as seen in real referater
        out += [f"Beslutning i {name} den {d_num(m.date)}", st.decision]
        if c["attachments"]:
            out.append("Bilag")
            for t, closed, _ in c["attachments"]:
                out.append(f"{t} (lukket)" if closed else (t + ".pdf" if r.random() < 0.1 else t))
        return "\n\n".join(out)

    # ---- whole referat
    def render_meeting(self, m: MeetingPlan) -> str:
        r = self.rng
        style = self.k.style(m.term)
        name = m.body.name(m.term)
        wd = WEEKDAYS[m.date.weekday()]
        start = m.body.start_time
        toc = []
        page = 3
        for it in m.items:
            title = it.title
            dots = "....." if len(title) < 90 else "..."
            toc.append(f"{title}{dots}\t{page}")
            page += max(1, math.ceil(len(it.text) / 3500))
        if style == FB_MD:
            head = [f"# **REFERAT {name} {m.term} d. {d_num(m.date)}**",
                    f"**Mødedato** {wd} d. {m.date.day}. {MONTHS[m.date.month - 1]} {m.date.year} kl. {start}",
                    f"**Mødested** {m.body.location}", "# Indholdsfortegnelse",
                    "\n".join(toc[:1] + ["---\t---"] + toc[1:])]
            body = [f"# Punkt {it.number}: {it.title}\n\n{it.text}" for it in m.items]
        elif style == FB_TEXT:
            head = [f"REFERAT {name}_{m.term} d. {d_num(m.date)}",
                    f"Mødedato {wd} d. {m.date.day:02d}. {MONTHS[m.date.month - 1]} {m.date.year} kl. {start}",
                    f"Mødested {m.body.location}", "Indholdsfortegnelse", "\n".join(toc)]
            body = [f"Punkt {it.number}: {it.title}\n\n{it.text}" for it in m.items]
        else:
            people = [f"{r.choice(FIRST_NAMES)} {r.choice(LAST_NAMES)}" for _ in range(r.randint(7, 9))]
            people = list(dict.fromkeys(people))
            absent = set(r.sample(range(len(people)), r.choice([0, 0, 1, 1, 2])))
            plist = ", ".join(p + (" (Afbud)" if i in absent else "") for i, p in enumerate(people))
            head = [f"REFERAT {name} d. {d_num(m.date)}",
                    f"Mødedato {wd} d. {m.date.day}. {MONTHS[m.date.month - 1]} {m.date.year} kl. {start}",
                    f"Mødested {m.body.location}", "Mødedeltagere " + _wrap(plist, 78),
                    "Indholdsfortegnelse", "\n".join(toc)]
            body = [f"Punkt {it.number}: {it.title}\n\n{it.text}" for it in m.items]
        return "\n\n" + "\n\n".join(head + body) + "\n"


_FIELDS: dict[str, tuple[str, ...]] = {}


def _trend(r: random.Random, d: date) -> str:
    x = r.randrange(3)
    if x == 0:
        return f"en stigning på {r.randint(2, 30)} pct. i forhold til samme periode sidste år"
    if x == 1:
        return f"et fald på {r.randint(2, 30)} pct. i forhold til samme periode sidste år"
    return "omtrent samme niveau som sidste år"


_VALUES = {
    "year": lambda r, d: d.year,
    "year_prev": lambda r, d: d.year - 1,
    "year_next": lambda r, d: d.year + 1,
    "year_old": lambda r, d: d.year - r.randint(4, 15),
    "year5": lambda r, d: d.year + 5,
    "num": lambda r, d: r.randint(40, 2400),
    "num2": lambda r, d: r.randint(30, 2000),
    "num3": lambda r, d: r.randint(12, 90),
    "small": lambda r, d: r.randint(2, 9),
    "pct": lambda r, d: r.randint(3, 42),
    "amount": lambda r, d: f"{r.randint(0, 24)},{r.randint(1, 9)}",
    "amount2": lambda r, d: f"{r.randint(0, 6)},{r.randint(1, 9)}",
    "month": lambda r, d: MONTHS[r.randrange(12)],
    "bilag": lambda r, d: r.randint(1, 3),
    "partner": lambda r, d: r.choice(PARTNERS),
    "street": lambda r, d: r.choice(STREETS),
    "district": lambda r, d: r.choice(DISTRICTS),
    "center": lambda r, d: r.choice(CENTERS),
    "park": lambda r, d: r.choice(PARKS),
    "property": lambda r, d: r.choice(PROPERTIES),
    "project": lambda r, d: r.choice(PROJECTS),
    "lp": lambda r, d: r.randint(100, 420),
    "lp_small": lambda r, d: r.randint(1, 40),
    "schoolyear": lambda r, d: f"{d.year - 1}/{str(d.year)[2:]}",
    "month_day": lambda r, d: f"{r.randint(1, 30)}. {MONTHS[r.randrange(2, 11)]}",
    "trend": _trend,
    "d": lambda r, d: f"den {d_text(d + timedelta(days=r.randint(10, 60)), False)}",
}


def _wrap(s: str, width: int) -> str:
    """Wrap at spaces (names may break over lines, as in real participant lists)."""
    lines, cur = [], ""
    for w in s.split(" "):
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    lines.append(cur)
    return "\n".join(lines)


KLE = {
    "beskaeftigelse": ["15.00.00", "15.20.00", "32.18.00", "00.01.00"],
    "boern": ["17.01.00", "28.00.00", "17.02.00", "00.01.00"],
    "teknik": ["05.01.00", "06.00.00", "09.02.00", "05.04.00"],
    "social": ["27.12.00", "29.09.00", "27.20.00", "00.01.00"],
    "kultur": ["18.00.00", "20.00.00", "04.00.00"],
    "oekonomi": ["00.30.00", "00.32.00", "00.01.00", "81.00.00"],
    "plan": ["01.02.05", "01.00.00", "03.00.00", "02.00.00"],
}


# --------------------------------------------------------------------------------------------------
# Public API


def iter_archive(items: int, seed: int = 1, stats: SynthStats | None = None) -> Iterator[tuple[MeetingPlan, str]]:
    """Every generated meeting with its referat text, municipality by municipality."""
    if items < 0:
        raise ValueError("items must be >= 0")
    stats = stats if stats is not None else SynthStats()
    rng = random.Random(seed)
    plans = _plan(items, rng)
    for kommune, meetings in zip(KOMMUNER, plans):
        w = _Writer(kommune, meetings, random.Random(rng.randrange(2**32)), stats)
        for m in w.run():
            yield m, w.render_meeting(m)
        stats.followed_cases += sum(1 for c in w.cases if len(c.steps) > 1)


def meeting_path(m: MeetingPlan) -> Path:
    return Path(m.kommune.slug) / slugify(m.body.name(m.term)) / f"{m.date.isoformat()}.txt"


def generate_archive(dest: Path, items: int, seed: int = 1) -> SynthStats:
    """Write a synthetic archive of exactly ``items`` agenda items under ``dest``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    stats = SynthStats()
    numbers: set[str] = set()
    used_kommuner: list[Kommune] = []
    for m, text in iter_archive(items, seed, stats):
        p = dest / meeting_path(m)
        p.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        p.write_bytes(data)
        stats.files += 1
        stats.meetings += 1
        stats.items += len(m.items)
        stats.bytes += len(data)
        numbers.update(it.case_number for it in m.items)
        if m.kommune not in used_kommuner:
            used_kommuner.append(m.kommune)
    for k in used_kommuner:
        (dest / k.slug / "kommune.yml").write_text(f'name: "{k.name}"\n', encoding="utf-8")
        stats.files += 1
    renames = []
    for k in KOMMUNER:
        for b in k.bodies:
            if b.names[0] != b.names[1]:
                renames.append(f'  - kommune: {k.slug}\n    from: "{b.names[0]} 2018-21"\n    to: "{b.names[1]} 2022-25"\n')
    (dest / "udvalg.yml").write_text("renames:\n" + "".join(renames), encoding="utf-8")
    stats.files += 1
    stats.case_numbers = sorted(numbers)
    return stats


def item_pool(items: int = 400, seed: int = 1, style: str = FB_TEXT) -> list[tuple[str, str]]:
    """(title, body) of generated items in one format, for assembling large single referater."""
    pool: list[tuple[str, str]] = []
    for m, _ in iter_archive(items, seed):
        if m.kommune.style(m.term) == style:
            pool += [(it.title, it.text) for it in m.items]
    if not pool:
        raise ValueError(f"no items in style {style}; generate more items")
    return pool


def write_single_referat(path: Path, target_bytes: int, seed: int = 1, pool_items: int = 600) -> tuple[int, int]:
    """Write ONE Frederiksberg-style plain-text referat of about ``target_bytes`` with many items.

    Items come from a generated pool, renumbered 1..K, behind one header and one table of contents.
    Returns (bytes written, items). Streams to disk; memory stays at the size of the pool.
    """
    pool = item_pool(pool_items, seed, FB_TEXT)
    sizes = [len(f"Punkt 1: {t}\n\n{b}\n\n".encode("utf-8")) for t, b in pool]
    avg = sum(sizes) / len(sizes) + 4
    toc_avg = sum(len(t) + 10 for t, _ in pool) / len(pool)
    k = max(1, int(target_bytes / (avg + toc_avg)))
    head = ("\n\nREFERAT Syntetisk Udvalg_2022-25 d. 07-03-2022\n\n"
            "Mødedato Mandag d. 07. marts 2022 kl. 16:00\n\nMødested Udvalgsværelse 1\n\nIndholdsfortegnelse\n\n")
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(head)
        written += len(head.encode("utf-8"))
        page = 3
        buf = []
        for i in range(k):
            t = pool[i % len(pool)][0]
            buf.append(f"{t}.....\t{page}\n")
            page += 1 + (i % 3 == 0)
            if len(buf) >= 5000:
                s = "".join(buf)
                f.write(s)
                written += len(s.encode("utf-8"))
                buf = []
        for i in range(k):
            t, b = pool[i % len(pool)]
            buf.append(f"\nPunkt {i + 1}: {t}\n\n{b}\n")
            if len(buf) >= 500:
                s = "".join(buf)
                f.write(s)
                written += len(s.encode("utf-8"))
                buf = []
        s = "".join(buf)
        f.write(s)
        written += len(s.encode("utf-8"))
    return written, k
