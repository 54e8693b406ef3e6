"""The demo's public texts: the glossary, thresholds, contacts and publications. Where the seeds
say something (the Leeds conversational approach, the LSCP one-minute guide), their words are
used; everything else is written for the demo and marked so. Telephone numbers are from the
ranges Ofcom keeps for drama, so none of them reaches a real service."""

# Every acronym the platform uses: (term, expansion, plain-language definition).
GLOSSARY = [
    ("A&E", "accident and emergency", "The hospital department for urgent injuries and illness."),
    ("API", "application programming interface", "A way for another computer system to "
     "exchange information with this one."),
    ("CCG", "clinical commissioning group", "The NHS body that planned local health services "
     "before July 2022, when integrated care boards took over."),
    ("CDOP", "Child Death Overview Panel", "The panel that reviews the death of every child "
     "who lived in the area, to learn what might prevent other deaths."),
    ("CDR", "child death review", "The process that follows the death of any child, to "
     "understand why it happened and learn from it."),
    ("CDRM", "Child Death Review Meeting", "A meeting of the professionals who were involved "
     "with a child who died."),
    ("CRG", "Case Review Group", "The LLR group that considers serious incidents and decides "
     "whether a practice review is needed."),
    ("CSPR", "child safeguarding practice review", "A review of a serious case to learn how "
     "agencies can work together better. Locally it is an LCSPR."),
    ("CSV", "comma-separated values", "A simple spreadsheet file."),
    ("DfE", "Department for Education", "The government department responsible for children's "
     "services and education."),
    ("DSL", "designated safeguarding lead", "The person in a school or college who leads on "
     "keeping children safe."),
    ("DSP", "delegated safeguarding partner", "A senior person a lead safeguarding partner "
     "appoints to make decisions for their organisation."),
    ("ERG", "Education Reference Group", "The Leeds group through which schools and colleges "
     "work with the partnership."),
    ("GOV.UK", "", "The website of the UK government."),
    ("GP", "general practitioner", "A family doctor."),
    ("ICB", "integrated care board", "The NHS body that plans and pays for health services in "
     "an area. It is one of the three safeguarding partners."),
    ("JAR", "Joint Agency Response", "What police, health and social care do together straight "
     "away when a child dies unexpectedly."),
    ("JSON", "JavaScript Object Notation", "A format computers use to exchange information."),
    ("KCSIE", "Keeping Children Safe in Education", "The guidance every school and college in "
     "England must follow to keep children safe."),
    ("LADO", "Local Authority Designated Officer", "The council officer who manages concerns "
     "that an adult who works with children may have harmed a child."),
    ("LCSPR", "local child safeguarding practice review", "A review the safeguarding partners "
     "commission when a child has died or been seriously harmed and abuse or neglect is known "
     "or suspected, to learn how agencies can protect children better. It is published."),
    ("LLR", "Leicester, Leicestershire and Rutland", "The three council areas that share "
     "safeguarding groups across two partnerships."),
    ("LRSCP", "Leicestershire and Rutland Safeguarding Children Partnership", "The "
     "safeguarding children partnership for Leicestershire and Rutland."),
    ("LSCP", "local safeguarding children partnership", "The safeguarding partners of an area "
     "and the agencies that work with them. In Leeds and in Leicester it is the name of the "
     "partnership."),
    ("LSP", "lead safeguarding partner", "The head of each safeguarding partner: the council's "
     "chief executive, the ICB's chief executive and the chief constable."),
    ("MASH", "multi-agency safeguarding hub", "Where agencies share information to decide "
     "quickly what help a child needs."),
    ("MSMH", "My School My Health", "A survey that children and young people in Leeds schools "
     "answer about their health and wellbeing."),
    ("NCMD", "National Child Mortality Database", "The national record of child deaths in "
     "England, used to learn how to prevent them."),
    ("NHS", "National Health Service", "The public health service."),
    ("NSPCC", "National Society for the Prevention of Cruelty to Children", "A children's "
     "charity that keeps the national library of case reviews."),
    ("PDF", "portable document format", "A document file that looks the same on any device."),
    ("QR", "quick response", "A square barcode a phone camera can read."),
    ("RAG", "red, amber, green", "A simple rating: red is off track, amber at risk, green on "
     "track."),
    ("SCP", "safeguarding children partnership", "The safeguarding partners of an area and the "
     "agencies that work with them."),
    ("SCSI", "serious child safeguarding incident", "When abuse or neglect of a child is known "
     "or suspected and the child has died or been seriously harmed."),
    ("SEND", "special educational needs and disabilities", "Extra help some children need to "
     "learn, because of a learning difficulty or disability."),
    ("SUDIC", "sudden unexpected death in childhood", "The process that follows when a child "
     "dies suddenly and unexpectedly."),
    ("UK", "United Kingdom", "England, Scotland, Wales and Northern Ireland."),
    ("VCS", "voluntary and community sector", "Charities, community groups and volunteers."),
    ("WT2023", "Working Together to Safeguard Children 2023", "The government's statutory "
     "guidance on how agencies work together to keep children safe."),
    ("YOI", "young offender institution", "A prison for young people aged 15 to 21."),
    ("ZIP", "", "A file that holds other files, compressed."),
]
# Leeds calls its review group the Review Advisory Group.
LEEDS_GLOSSARY = [
    ("RAG", "Review Advisory Group", "The Leeds group that considers serious incidents and "
     "advises whether a practice review is needed. (Elsewhere RAG can mean a red, amber or "
     "green rating.)"),
    ("LSCP", "Leeds Safeguarding Children Partnership", "The partnership of the council, the "
     "NHS and the police that keeps children in Leeds safe, with the agencies that work with "
     "them."),
]

LEEDS_APPROACH = (
    "Leeds recognises that continual assessment supported by conversations is the best way of "
    "identifying and responding to the needs of children and young people. A check list "
    "approach is mechanistic and identifies weaknesses. It doesn't take into consideration the "
    "complexity of individual situations and can overlook strengths.\n\n"
    "When a child's needs cannot be met by Universal Services alone quality conversations "
    "strengthen and improve decision making and joint working to provide the right help at the "
    "right time for families.\n\n"
    "Therefore, in agreement with the DfE, Leeds does not have a Threshold Document, rather an "
    "agreed conversational approach to ensure that the right help is provided at the right "
    "time.")
LEEDS_MONITORING = ("The LSCP monitors, and will continue to monitor this approach to ensure "
                    "that responses are timely and appropriate.")

LLR_APPROACH = (
    "Practitioners in Leicester, Leicestershire and Rutland use the Thresholds for access to "
    "services for children and families document, in the LLR multi-agency procedures manual, "
    "to decide together what help a child and family need. It describes four levels of need. "
    "(Demo summary: read the published document for the full descriptors.)")
LLR_LEVELS = [
    (1, "Universal", "Children whose needs are met by the services every child uses: their "
     "family, school, GP and health visitor.", "Universal services, without a referral."),
    (2, "Early help", "Children with additional needs that one agency, or a few working "
     "together, can meet with the family's agreement.", "The agency that knows the family "
     "leads an early help assessment."),
    (3, "Targeted", "Children with several or complex needs who need agencies to work together "
     "under a lead practitioner.", "A targeted early help service, with a family plan."),
    (4, "Specialist", "Children in need of protection, or with needs so serious that "
     "children's social care must assess them.", "Refer to children's social care (the front "
     "door). If a child is in immediate danger, call 999."),
]

PROFILES = {
    "leeds": ("The Leeds Safeguarding Children Partnership (LSCP) is the collective name for "
              "the Partnership which oversees the implementation of the Multi-Agency "
              "Safeguarding Arrangements within Leeds. Its vision is for Leeds to be a child "
              "friendly city in which children and young people are safe from harm in their "
              "families, communities, and their neighbourhoods.",
              "0113 496 0000", "LSCP Business Unit (demo address)\nLeeds"),
    "leicestershire-rutland": (
        "The Leicestershire and Rutland Safeguarding Children Partnership (LRSCP) brings "
        "together the council, the ICB and the police to keep children in Leicestershire and "
        "Rutland safe. It shares most of its groups with the Leicester partnership across LLR.",
        "0116 496 0000", "LRSCP Business Office (demo address)\nLeicestershire"),
    "leicester": (
        "The Leicester Safeguarding Children Partnership (LSCP) brings together the council, "
        "the ICB and the police to keep children in Leicester safe, sharing most of its groups "
        "with the Leicestershire and Rutland partnership across LLR.",
        "0116 496 0001", "LSCP Business Office (demo address)\nLeicester"),
}
CONCERNS_RESOLUTION = ("When practitioners from different agencies disagree about a child's "
                       "safety or the action being taken, they follow the partnership's "
                       "escalation procedure: practitioner to practitioner, then line managers, "
                       "then designated or senior leads, then the business manager and chair.")

# (slug, area, service, phone, out of hours)
FRONT_DOORS = [
    ("leeds", "Leeds", "Children's Social Work Service, Duty and Advice (demo)", "0113 496 0101",
     "0113 496 0102"),
    ("leicestershire-rutland", "Leicestershire", "First Response Children's Duty (demo)",
     "0116 496 0103", "0116 496 0104"),
    ("leicestershire-rutland", "Rutland", "Children's Duty Team (demo)", "01632 960105",
     "0116 496 0104"),
    ("leicester", "Leicester", "Children's Duty and Assessment Service (demo)", "0116 496 0106",
     "0116 496 0104"),
]

ONE_MINUTE_GUIDE = (
    "The LSCP has three statutory functions: undertaking Rapid Reviews and, where "
    "appropriate, Child Safeguarding Practice Reviews; reviewing all child deaths; and seeking "
    "assurance that agencies are fulfilling their safeguarding requirements through partner "
    "agencies' completion of online safeguarding self-assessments.\n\n"
    "An Executive Group comprising of representatives of the three statutory partners is "
    "responsible for the implementation of the safeguarding arrangements. They meet quarterly "
    "to consider the effectiveness of the arrangements and key issues pertinent to "
    "safeguarding within the city.")

SURVEY_ROWS = [
    # question, school year, answer, count (fictional aggregate counts)
    ("Do you feel safe online?", "Year 7", "Always or mostly", 1630),
    ("Do you feel safe online?", "Year 7", "Sometimes", 520),
    ("Do you feel safe online?", "Year 7", "Rarely or never", 140),
    ("Do you feel safe online?", "Year 9", "Always or mostly", 1405),
    ("Do you feel safe online?", "Year 9", "Sometimes", 690),
    ("Do you feel safe online?", "Year 9", "Rarely or never", 230),
    ("Do you know who to talk to if you are worried?", "Year 7", "Yes", 1990),
    ("Do you know who to talk to if you are worried?", "Year 7", "No", 300),
    ("Do you know who to talk to if you are worried?", "Year 9", "Yes", 1810),
    ("Do you know who to talk to if you are worried?", "Year 9", "No", 515),
]
