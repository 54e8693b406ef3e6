"""The two partnerships of `shared/seeds/` as their published arrangements describe them.

Leeds: `000_...` (Multi-Agency Safeguarding Arrangements, June 2019) and `004_...` (one minute
guide, 2024). Leicester, Leicestershire and Rutland: `001_...` ("Working Together to Keep Children
Safe", arrangements revised under Working Together 2023), with its LSPs, DSPs, the chair rotation
table and Appendix 1. Names of office holders are the public record of those documents; everyone
else is fictional and marked "(demo)"."""

LEEDS = "leeds"
LRSCP = "leicestershire-rutland"
LEICESTER = "leicester"
LLR = (LRSCP, LEICESTER)

PARTNERSHIPS = [
    (LEEDS, "Leeds Safeguarding Children Partnership", "LSCP", ["Leeds"],
     "https://www.leedsscp.org.uk/"),
    (LRSCP, "Leicestershire and Rutland Safeguarding Children Partnership", "LRSCP",
     ["Leicestershire", "Rutland"], "https://lrsb.org.uk/"),
    (LEICESTER, "Leicester Safeguarding Children Partnership", "LSCP", ["Leicester"],
     "https://www.lcitylscb.org/"),
]

# (name, kind, partner type, {partnership: role}) where role is "partner", "relevant" (with the
# reason after a colon) or "member".
AGENCIES = [
    ("Leeds City Council", "safeguarding_partner", "local_authority", {LEEDS: "partner"}),
    ("NHS West Yorkshire Integrated Care Board", "safeguarding_partner", "health",
     {LEEDS: "partner"}),
    ("West Yorkshire Police", "safeguarding_partner", "police", {LEEDS: "partner"}),
    ("Leeds Teaching Hospitals NHS Trust", "relevant_agency", "",
     {LEEDS: "relevant:Acute hospital care for children and parents in Leeds"}),
    ("Leeds Community Healthcare NHS Trust", "relevant_agency", "",
     {LEEDS: "relevant:Health visiting, school nursing and community health services"}),
    ("Leeds and York Partnership NHS Foundation Trust", "relevant_agency", "",
     {LEEDS: "relevant:Mental health services for parents and young people"}),
    ("Leeds Children and Family Services", "relevant_agency", "",
     {LEEDS: "relevant:Children's social work, early help and the front door"}),
    ("Third sector in Leeds", "voluntary", "",
     {LEEDS: "relevant:Voluntary and community organisations working with families"}),
    ("Primary education in Leeds", "education", "",
     {LEEDS: "relevant:Primary schools, through the Education Reference Group"}),
    ("Secondary education in Leeds", "education", "",
     {LEEDS: "relevant:Secondary schools, through the Education Reference Group"}),
    ("Further education in Leeds", "education", "",
     {LEEDS: "relevant:Colleges and further education providers"}),
    # Fictional schools, for the Section 175/157 self-assessment returned through the ERG.
    ("Beckside Primary School (fictional)", "education", "", {LEEDS: "member"}),
    ("Moorfield Academy (fictional)", "education", "", {LEEDS: "member"}),
    ("Riverbank Nursery (fictional)", "education", "", {LEEDS: "member"}),
    ("West Yorkshire Probation", "relevant_agency", "",
     {LEEDS: "relevant:Supervision of adults who may pose a risk to children"}),
    ("Community Rehabilitation Company", "relevant_agency", "",
     {LEEDS: "relevant:Rehabilitation of adults on community orders"}),
    ("Cafcass (Leeds)", "relevant_agency", "",
     {LEEDS: "relevant:Children's guardians in family court proceedings"}),
    ("Wetherby Young Offender Institution", "secure_setting", "",
     {LEEDS: "relevant:A secure setting for young people within the Leeds boundary"}),
    ("Adel Beck Secure Children's Home", "secure_setting", "",
     {LEEDS: "member"}),
    ("Yorkshire Ambulance Service", "relevant_agency", "",
     {LEEDS: "relevant:Emergency care and the first response to children at risk"}),
    ("British Transport Police", "relevant_agency", "",
     {LEEDS: "relevant:Policing of the railway, where children go missing or are exploited"}),
    ("Immigration and Control", "relevant_agency", "",
     {LEEDS: "relevant:Unaccompanied and trafficked children"}),
    ("Leeds Safeguarding Children Partnership Business Unit", "business_unit", "",
     {LEEDS: "member"}),
    ("Leicestershire County Council", "safeguarding_partner", "local_authority",
     {LRSCP: "partner"}),
    ("Rutland County Council", "safeguarding_partner", "local_authority",
     {LRSCP: "partner", LEICESTER: "relevant:Neighbouring council sharing LLR-wide services"}),
    ("Leicester City Council", "safeguarding_partner", "local_authority",
     {LEICESTER: "partner"}),
    ("Leicestershire Police", "safeguarding_partner", "police",
     {LRSCP: "partner", LEICESTER: "partner"}),
    ("Leicester, Leicestershire and Rutland Integrated Care Board", "safeguarding_partner",
     "health", {LRSCP: "partner", LEICESTER: "partner"}),
    ("Cafcass", "relevant_agency", "",
     {p: "relevant:Children's guardians in family court proceedings" for p in LLR}),
    ("District Councils", "relevant_agency", "",
     {LRSCP: "relevant:Housing, licensing and community safety in Leicestershire's districts"}),
    ("East Midlands Ambulance Service", "relevant_agency", "",
     {p: "relevant:Emergency care and the first response to children at risk" for p in LLR}),
    ("Education and Childcare Providers", "education", "",
     {p: "relevant:All schools, colleges, early years and childcare settings, through the LLR "
         "Education Group" for p in LLR}),
    ("Leicestershire Fire and Rescue Service", "relevant_agency", "",
     {p: "relevant:Home safety visits and fire-setting interventions" for p in LLR}),
    ("Leicestershire Partnership NHS Trust", "relevant_agency", "",
     {p: "relevant:Community health, mental health and learning disability services"
      for p in LLR}),
    ("Probation Service", "relevant_agency", "",
     {p: "relevant:Supervision of adults who may pose a risk to children" for p in LLR}),
    ("University Hospitals of Leicester NHS Trust", "relevant_agency", "",
     {p: "relevant:Acute hospital care for children and parents" for p in LLR}),
    ("Leicestershire and Rutland Safeguarding Children Partnership Business Office",
     "business_unit", "", {LRSCP: "member"}),
    ("Leicester Safeguarding Children Partnership Business Office", "business_unit", "",
     {LEICESTER: "member"}),
]

# (key, name, job title, agency, demo login or None). Real names are the seeds' public record.
PEOPLE = [
    ("leeds_lsp_la", "Alex Ward (demo)", "Chief Executive, Leeds City Council",
     "Leeds City Council", None),
    ("leeds_lsp_icb", "Priya Nair (demo)", "Chief Executive, NHS West Yorkshire ICB",
     "NHS West Yorkshire Integrated Care Board", None),
    ("leeds_lsp_police", "Ellis Fraser (demo)", "Chief Constable, West Yorkshire Police",
     "West Yorkshire Police", "leeds.lsp.police"),
    ("leeds_dsp_la", "Dana Evans (demo)", "Director for Children and Family Services",
     "Leeds City Council", "leeds.dsp.council"),
    ("leeds_dsp_icb", "Morgan Reid (demo)", "Chief Executive Officer, Leeds place",
     "NHS West Yorkshire Integrated Care Board", None),
    ("leeds_dsp_police", "Sam Okafor (demo)", "Chief Superintendent, West Yorkshire Police",
     "West Yorkshire Police", None),
    ("leeds_chair", "Frankie Grant (demo)", "Independent Chair and Scrutineer",
     "Leeds Safeguarding Children Partnership Business Unit", "leeds.scrutineer"),
    ("leeds_bm", "Bola Adeyemi (demo)", "LSCP Business Manager",
     "Leeds Safeguarding Children Partnership Business Unit", "leeds.business.manager"),
    ("leeds_officer", "Chris Doyle (demo)", "Partnership Officer",
     "Leeds Safeguarding Children Partnership Business Unit", "leeds.officer"),
    ("leeds_named_nurse", "Gita Hussain (demo)", "Named nurse for safeguarding",
     "Leeds Teaching Hospitals NHS Trust", "leeds.agency.lead"),
    ("leeds_designated_nurse", "Jo Palmer (demo)", "Designated Nurse for Safeguarding",
     "NHS West Yorkshire Integrated Care Board", None),
    ("leeds_designated_doctor", "Dr Ravi Shah (demo)", "Designated Doctor for Safeguarding",
     "NHS West Yorkshire Integrated Care Board", None),
    ("leeds_rag", "Harper Iqbal (demo)", "Head of Safeguarding",
     "Leeds Community Healthcare NHS Trust", "leeds.rag.member"),
    ("leeds_health_visitor", "Ira Jones (demo)", "Health visitor",
     "Leeds Community Healthcare NHS Trust", "leeds.practitioner"),
    ("leeds_probation", "Kim Walsh (demo)", "Head of Public Protection",
     "West Yorkshire Probation", None),
    ("leeds_third_sector", "Nia Roberts (demo)", "Chief Executive, Young Lives Leeds",
     "Third sector in Leeds", None),
    ("leeds_head", "Owen Clarke (demo)", "Head teacher, a Leeds primary school",
     "Primary education in Leeds", None),
    ("leeds_wetherby", "Pat Hughes (demo)", "Governor", "Wetherby Young Offender Institution",
     None),
    ("llr_lsp_police", "David Sandall", "Chief Constable of Leicestershire Police",
     "Leicestershire Police", None),
    ("llr_lsp_icb", "Toby Sanders",
     "Chief Executive of Leicester, Leicestershire and Rutland Integrated Care Board",
     "Leicester, Leicestershire and Rutland Integrated Care Board", None),
    ("llr_lsp_leics", "Jane Moore", "Chief Executive of Leicestershire County Council",
     "Leicestershire County Council", None),
    ("llr_lsp_rutland", "Mark Andrews", "Chief Executive of Rutland County Council",
     "Rutland County Council", None),
    ("llr_lsp_leicester", "Alison Greenhill", "Chief Operating Officer of Leicester City Council",
     "Leicester City Council", None),
    ("llr_dsp_police", "Henry Henderson",
     "Head of Serious Crime (Children) Detective Superintendent", "Leicestershire Police",
     "llr.dsp.police"),
    ("llr_dsp_icb", "Chris West",
     "Deputy Chief Nursing Officer, Leicester, Leicestershire and Rutland Integrated Care Board",
     "Leicester, Leicestershire and Rutland Integrated Care Board", None),
    ("llr_dsp_leics", "Sharon Cooke",
     "Interim Director of Children and Family Services, Leicestershire County Council",
     "Leicestershire County Council", None),
    ("llr_dsp_rutland", "Kevin Quinn", "Strategic Director Children and Families, Rutland "
     "County Council", "Rutland County Council", None),
    ("llr_dsp_leicester", "Laurence Jones", "Strategic Director Social Care and Education, "
     "Leicester City Council", "Leicester City Council", None),
    ("llr_bm", "Jordan Khan (demo)", "Business Manager",
     "Leicestershire and Rutland Safeguarding Children Partnership Business Office",
     "llr.business.manager"),
    ("llr_bm_city", "Ruth Mensah (demo)", "Business Manager",
     "Leicester Safeguarding Children Partnership Business Office", None),
    ("llr_scrutineer", "Val Edwards (demo)", "Independent Scrutineer",
     "Leicestershire and Rutland Safeguarding Children Partnership Business Office", None),
    ("llr_young", "Lee Morgan (demo)", "Young Scrutineer",
     "Leicestershire and Rutland Safeguarding Children Partnership Business Office",
     "llr.young.scrutineer"),
    ("llr_education_chair", "Tom Baker (demo)", "Chair of the LLR Education Subgroup",
     "Education and Childcare Providers", None),
    ("llr_uhl", "Morgan Nash (demo)", "Head of safeguarding",
     "University Hospitals of Leicester NHS Trust", "llr.agency.lead"),
    ("llr_crg", "Noor Owen (demo)", "Named Nurse, Case Review Group member",
     "Leicestershire Partnership NHS Trust", "llr.crg.member"),
    ("llr_lpt", "Uma Patel (demo)", "Head of Safeguarding",
     "Leicestershire Partnership NHS Trust", None),
    ("llr_vcs", "Wes Adams (demo)", "Voluntary sector representative",
     "Education and Childcare Providers", None),
    ("llr_legal", "Yusuf Ali (demo)", "Legal Adviser", "Leicester City Council", None),
]

# (person key, office, partnerships, agency, local label, starts, ends, joint)
APPOINTMENTS = [
    ("leeds_lsp_la", "lead_partner", (LEEDS,), "Leeds City Council", "", "2023-04-01", None),
    ("leeds_lsp_icb", "lead_partner", (LEEDS,), "NHS West Yorkshire Integrated Care Board", "",
     "2022-07-01", None),
    ("leeds_lsp_police", "lead_partner", (LEEDS,), "West Yorkshire Police", "", "2023-04-01",
     None),
    ("leeds_dsp_la", "delegated_partner", (LEEDS,), "Leeds City Council", "", "2019-09-01", None),
    ("leeds_dsp_icb", "delegated_partner", (LEEDS,), "NHS West Yorkshire Integrated Care Board",
     "", "2022-07-01", None),
    ("leeds_dsp_police", "delegated_partner", (LEEDS,), "West Yorkshire Police", "",
     "2021-04-01", None),
    ("leeds_chair", "independent_chair", (LEEDS,), None, "", "2019-09-01", None),
    ("leeds_chair", "independent_scrutineer", (LEEDS,), None, "", "2019-09-01", None),
    ("leeds_bm", "business_manager", (LEEDS,), None, "", "2019-09-01", None),
    ("leeds_designated_nurse", "designated_nurse", (LEEDS,), None, "", "2020-01-01", None),
    ("leeds_designated_doctor", "designated_doctor", (LEEDS,), None, "", "2020-01-01", None),
    ("llr_lsp_police", "lead_partner", LLR, "Leicestershire Police", "", "2024-04-01", None),
    ("llr_lsp_icb", "lead_partner", LLR,
     "Leicester, Leicestershire and Rutland Integrated Care Board", "", "2024-04-01", None),
    ("llr_lsp_leics", "lead_partner", (LRSCP,), "Leicestershire County Council", "",
     "2024-04-01", None),
    ("llr_lsp_rutland", "lead_partner", (LRSCP,), "Rutland County Council", "", "2024-04-01",
     None),
    ("llr_lsp_leicester", "lead_partner", (LEICESTER,), "Leicester City Council", "",
     "2024-04-01", None),
    ("llr_dsp_police", "delegated_partner", LLR, "Leicestershire Police", "Police DSP",
     "2024-04-01", None),
    ("llr_dsp_icb", "delegated_partner", LLR,
     "Leicester, Leicestershire and Rutland Integrated Care Board", "ICB DSP", "2024-04-01",
     None),
    ("llr_dsp_leics", "delegated_partner", (LRSCP,), "Leicestershire County Council",
     "Interim Leicestershire DSP", "2024-04-01", None),
    ("llr_dsp_rutland", "delegated_partner", (LRSCP,), "Rutland County Council", "Rutland DSP",
     "2024-04-01", None),
    ("llr_dsp_leicester", "delegated_partner", (LEICESTER,), "Leicester City Council",
     "Leicester DSP", "2024-04-01", None),
    ("llr_bm", "business_manager", (LRSCP,), None, "", "2021-04-01", None),
    ("llr_bm_city", "business_manager", (LEICESTER,), None, "", "2021-04-01", None),
    ("llr_scrutineer", "independent_scrutineer", LLR, None, "", "2024-04-01", None),
    ("llr_young", "young_scrutineer", LLR, None, "", "2025-04-01", None),
    ("llr_legal", "legal_adviser", LLR, None, "", "2024-04-01", None),
]

# The LLR chair rotation table (001_..., section 4): business year -> chairs, deputies.
# The 2025/26 deputy is printed "Leicester DSP, Chris West"; Chris West is the ICB DSP, and the
# label comes from his DSP appointment.
CHAIR_ROTATION = [
    (2024, ["llr_dsp_leicester"], ["llr_dsp_icb"]),
    (2025, ["llr_dsp_leics", "llr_dsp_leicester"], ["llr_dsp_icb"]),
    (2026, ["llr_dsp_police"], ["llr_dsp_leics"]),
    (2027, ["llr_dsp_rutland", "llr_dsp_leicester"], ["llr_dsp_police"]),
    (2028, ["llr_dsp_icb"], ["llr_dsp_rutland"]),
    (2029, ["llr_dsp_leicester", "llr_dsp_leics"], ["llr_dsp_icb"]),
]

# (key, name, short name, kind, partnerships, parent key, dotted-to key, purpose)
GROUPS = [
    ("leeds_exec", "LSCP Executive", "Executive", "executive", (LEEDS,), None, None,
     "The three statutory partners, with equal and joint responsibility: sets the safeguarding "
     "vision for the city, identifies the priorities each year and commissions child "
     "safeguarding practice reviews. Chaired by the Independent Chair."),
    ("leeds_partnership", "Leeds Safeguarding Partnership Meeting", "Partnership meeting",
     "partnership_meeting", (LEEDS,), "leeds_exec", None,
     "Senior staff of the relevant organisations: implements the business plan, delivers the "
     "core and statutory functions, and carries front-line insight and children's views up to "
     "the Executive."),
    ("leeds_cypp", "Leeds Children and Young People Partnership", "CYPP", "partnership_meeting",
     (LEEDS,), None, None,
     "Co-chaired by the Independent Chair and the Executive Member for children."),
    ("leeds_rag", "Review Advisory Group", "RAG", "panel", (LEEDS,), "leeds_exec", None,
     "Considers notifications of serious incidents, recommends rapid reviews and child "
     "safeguarding practice reviews to the Executive, and oversees their learning."),
    ("leeds_erg", "Education Reference Group", "ERG", "reference_group", (LEEDS,),
     "leeds_partnership", None,
     "The link to the wider education sector; receives the Section 175/157 assessments."),
    ("leeds_third", "Third Sector Safeguarding Group", "", "subgroup", (LEEDS,),
     "leeds_partnership", None,
     "Makes sure the voice of the third sector is heard and best practice shared."),
    ("leeds_student", "Student LSCP", "", "forum", (LEEDS,), "leeds_partnership", None,
     "Seeks and provides the voice of children and young people."),
    ("leeds_cdop", "Leeds Child Death Overview Panel", "CDOP", "panel", (LEEDS,), "leeds_exec",
     None, "Reviews the deaths of all children normally resident in Leeds."),
    ("leeds_bu", "LSCP Business Unit", "", "business_unit", (LEEDS,), "leeds_exec", None,
     "Coordinates the arrangements, independent of all partners, managed through the "
     "Independent Chair."),
    ("llr_msp", "LLR Meeting of Safeguarding Partners", "MSP", "executive", LLR, None, None,
     "The delegated safeguarding partners and the chair of the LLR Education Subgroup: shared "
     "governance, funding and intelligence, and the forward agenda of the two partnerships."),
    ("lrscp_meeting", "LRSCP Partnership Meeting", "LRSCP", "partnership_meeting", (LRSCP,),
     "llr_msp", None,
     "Quarterly meeting of the safeguarding partners and relevant agencies of Leicestershire "
     "and Rutland."),
    ("lscp_meeting", "LSCP Partnership Meeting", "LSCP", "partnership_meeting", (LEICESTER,),
     "llr_msp", None,
     "Quarterly meeting of the safeguarding partners and relevant agencies of Leicester."),
    ("llr_pdg", "Planning and Delivery Group", "PDG", "subgroup", LLR, "llr_msp", None,
     "Drives the business plan, scrutinises performance and assurance, oversees learning from "
     "reviews and the subgroups, agrees learning and development arrangements."),
    ("lrscp_crg", "LRSCP Case Review Group", "CRG", "panel", (LRSCP,), "lrscp_meeting", None,
     "Commissions rapid reviews and local child safeguarding practice reviews for Leicestershire "
     "and Rutland."),
    ("lscp_crg", "LSCP Case Review Group", "CRG", "panel", (LEICESTER,), "lscp_meeting", None,
     "Commissions rapid reviews and local child safeguarding practice reviews for Leicester."),
    ("llr_pp", "LLR Policy and Procedures Group", "", "subgroup", LLR, "llr_pdg", None,
     "Oversees and updates the multi-agency safeguarding children procedures manual."),
    ("llr_perf", "LLR Performance Group", "", "subgroup", LLR, "llr_pdg", None,
     "Implements the Performance and Quality Assurance Framework: data, performance and "
     "Section 11 audits."),
    ("llr_ops", "LLR Operational Group", "", "forum", LLR, None, "llr_perf",
     "Managers responsible for safeguarding children work through identified issues; a "
     "standalone group that feeds the Performance Group."),
    ("llr_audit", "LLR Audit Group", "", "subgroup", LLR, "llr_pdg", None,
     "Plans, scopes and analyses multi-agency case file and spotlight audits."),
    ("llr_ld", "LLR Multi-Agency Learning and Development Group", "", "subgroup", LLR, "llr_pdg",
     None, "Commissions multi-agency training and owns the competency framework."),
    ("llr_education", "LLR Education Group", "", "subgroup", LLR, "llr_pdg", None,
     "Includes every school, college and early years setting in the arrangements."),
    ("llr_vcs", "LLR Voluntary and Community Sector Forum", "VCS Forum", "forum", LLR, "llr_pdg",
     None, "Three times a business year, jointly with the Safeguarding Adults Boards."),
    ("llr_comms", "LLR Communication and Engagement Group", "", "subgroup", LLR, "llr_pdg",
     None, "Hears from children and families; promotes messages to communities."),
    ("llr_cdop", "LLR Child Death Overview Panel", "CDOP", "panel", LLR, "llr_msp", None,
     "Reviews the deaths of all children resident in Leicester, Leicestershire and Rutland."),
]

# (group key, person key, role). The business managers sit as advisers on what they run.
SEATS = [
    *[("leeds_exec", p, "member") for p in ("leeds_dsp_la", "leeds_dsp_icb", "leeds_dsp_police")],
    ("leeds_exec", "leeds_chair", "chair"), ("leeds_exec", "leeds_bm", "adviser"),
    *[("leeds_partnership", p, "member") for p in (
        "leeds_dsp_la", "leeds_dsp_icb", "leeds_dsp_police", "leeds_named_nurse",
        "leeds_rag", "leeds_probation", "leeds_third_sector", "leeds_head", "leeds_wetherby")],
    ("leeds_partnership", "leeds_chair", "chair"),
    *[("leeds_partnership", p, "adviser") for p in (
        "leeds_bm", "leeds_designated_nurse", "leeds_designated_doctor")],
    ("leeds_cypp", "leeds_chair", "chair"), ("leeds_cypp", "leeds_dsp_la", "vice_chair"),
    ("leeds_cypp", "leeds_third_sector", "member"), ("leeds_cypp", "leeds_head", "member"),
    ("leeds_rag", "leeds_rag", "chair"), ("leeds_rag", "leeds_designated_nurse", "member"),
    ("leeds_rag", "leeds_dsp_police", "member"), ("leeds_rag", "leeds_bm", "adviser"),
    ("leeds_erg", "leeds_head", "chair"), ("leeds_erg", "leeds_officer", "adviser"),
    ("leeds_third", "leeds_third_sector", "chair"), ("leeds_cdop", "leeds_designated_doctor",
                                                      "member"),
    ("leeds_bu", "leeds_bm", "chair"), ("leeds_bu", "leeds_officer", "member"),
    *[("llr_msp", p, "member") for p in (
        "llr_dsp_police", "llr_dsp_icb", "llr_dsp_leics", "llr_dsp_rutland",
        "llr_dsp_leicester", "llr_education_chair", "llr_lsp_police", "llr_lsp_icb",
        "llr_lsp_leics", "llr_lsp_rutland", "llr_lsp_leicester")],
    *[("llr_msp", p, "adviser") for p in ("llr_bm", "llr_bm_city", "llr_scrutineer")],
    *[("lrscp_meeting", p, "member") for p in (
        "llr_dsp_police", "llr_dsp_icb", "llr_dsp_leics", "llr_dsp_rutland",
        "llr_education_chair", "llr_uhl", "llr_lpt")],
    *[("lrscp_meeting", p, "adviser") for p in ("llr_bm", "llr_scrutineer", "llr_legal")],
    *[("lscp_meeting", p, "member") for p in (
        "llr_dsp_police", "llr_dsp_icb", "llr_dsp_leicester", "llr_education_chair", "llr_uhl",
        "llr_lpt")],
    *[("lscp_meeting", p, "adviser") for p in ("llr_bm_city", "llr_scrutineer", "llr_legal")],
    *[("llr_pdg", p, "member") for p in ("llr_lpt", "llr_uhl", "llr_education_chair")],
    *[("llr_pdg", p, "adviser") for p in ("llr_bm", "llr_bm_city", "llr_scrutineer",
                                          "llr_young")],
    ("lrscp_crg", "llr_crg", "member"), ("lrscp_crg", "llr_uhl", "member"),
    ("lrscp_crg", "llr_bm", "adviser"),
    ("lscp_crg", "llr_lpt", "member"), ("lscp_crg", "llr_bm_city", "adviser"),
    ("llr_vcs", "llr_vcs", "member"), ("llr_vcs", "llr_bm", "chair"),
    ("llr_education", "llr_education_chair", "chair"),
    ("llr_perf", "llr_lpt", "chair"), ("llr_ops", "llr_uhl", "member"),
    ("llr_audit", "llr_crg", "member"), ("llr_ld", "llr_bm_city", "chair"),
    ("llr_pp", "llr_legal", "member"), ("llr_comms", "llr_young", "member"),
    ("llr_cdop", "llr_lpt", "member"),
]

PRESENTATIONS = ["cdop", "lado", "front_door", "cp_chairs", "send", "corporate_parenting",
                 "asdb", "da_boards"]

# (partnerships, group key or None, kind, number, share, office, topics, requirement, source)
RULES = [
    ((LEEDS,), "leeds_exec", "quarterly", 4, None, "", [],
     "The LSCP Executive meets quarterly.", "DOMAIN.md section 2; 000_... LSCP Executive"),
    ((LEEDS,), "leeds_cypp", "quarterly", 4, None, "", [],
     "The Leeds Children and Young People Partnership meets quarterly.", "DOMAIN.md section 2"),
    (LLR, "llr_msp", "at_least", 8, None, "", [],
     "The delegated safeguarding partners and the chair of the LLR Education Subgroup meet at "
     "least eight times per year.", "001_... section 5, LLR Meeting of Safeguarding Partners"),
    (LLR, "llr_msp", "joint_at_most", 0, "0.50", "", [],
     "Up to half of these meetings are joint with the statutory partners of the Safeguarding "
     "Adults Boards.", "001_... section 5"),
    (LLR, "llr_msp", "office_attends", 2, None, "lead_partner", [],
     "Lead Safeguarding Partners attend two meetings of safeguarding partners per business "
     "year.", "001_... section 5"),
    (LLR, None, "written_reports", 4, None, "", [],
     "Lead Safeguarding Partners receive a quarterly written report from the business managers.",
     "001_... section 5"),
    ((LRSCP,), "lrscp_meeting", "quarterly", 4, None, "", [],
     "The LRSCP partnership meeting is quarterly.", "001_... section 5"),
    ((LEICESTER,), "lscp_meeting", "quarterly", 4, None, "", [],
     "The LSCP partnership meeting is quarterly.", "001_... section 5"),
    ((LRSCP,), "lrscp_meeting", "presentations", 0, None, "", PRESENTATIONS,
     "These areas of work present to the partnership once a year.", "001_... section 5"),
    ((LEICESTER,), "lscp_meeting", "presentations", 0, None, "", PRESENTATIONS,
     "These areas of work present to the partnership once a year.", "001_... section 5"),
    (LLR, "llr_vcs", "all_joint", 3, None, "", [],
     "The VCS Forum runs three times within each business year, jointly with the Safeguarding "
     "Adults Boards.", "001_... section 5, LLR VCS Forum"),
]

LEEDS_SECTIONS = [
    ("Context", "Following the Wood Review in 2015, the Children Act 2004 was amended to remove "
     "Local Safeguarding Children Boards and place the responsibility for safeguarding equally "
     "with local authorities, the police and health. In Leeds the partnership continues to be "
     "known as the Leeds Safeguarding Children Partnership (LSCP)."),
    ("A shared vision", "Our shared vision is for Leeds to be a child friendly city in which "
     "children and young people are safe from harm in their families, their communities and "
     "their neighbourhoods."),
    ("Structure", "An Executive of the three statutory partners sets the vision and priorities; "
     "the Safeguarding Partnership meeting brings together the agencies working with children "
     "and families and drives the priorities and functions; an Independent Chair supports the "
     "partnership and provides independent scrutiny; the Business Unit, independent of all "
     "partners, coordinates the arrangements."),
    ("Statutory functions", "Child safeguarding practice reviews, through an agreed notification "
     "process, rapid reviews and the Review Advisory Group; child death reviews within the Leeds "
     "boundary through the Child Death Overview Panel; Section 11 assessments updated every "
     "year."),
    ("Education, the third sector and secure settings", "The Education Reference Group links the "
     "partnership with schools and colleges and receives Section 175/157 assessments. The Third "
     "Sector Safeguarding Group brings in the voice of the sector. Wetherby Young Offender "
     "Institution and Adel Beck Secure Children's Home report through the annual Safeguarding in "
     "Secure Settings Report."),
    ("Thresholds", "Leeds does not have a threshold document: in agreement with the Department for "
     "Education, it uses a conversational approach so that the right help is given at the right "
     "time. The partnership monitors this approach."),
    ("Voice of children and young people", "The Student LSCP, the My School My Health survey, "
     "the voice of the child in Section 11 audits, and what practitioners hear from families."),
    ("Review", "The LSCP Executive reviews these arrangements every year."),
]

LLR_SECTIONS = [
    ("Purpose", "These arrangements set out how the safeguarding partners safeguard and promote "
     "the welfare of children in Leicester, Leicestershire and Rutland, in line with the Children "
     "Act 2004 and Working Together to Safeguard Children 2023."),
    ("Partnership chair", "The lead safeguarding partners have appointed the partnership chair "
     "from the delegated safeguarding partners, rotating every business year."),
    ("Structure and governance", "The LLR Meeting of Safeguarding Partners meets at least eight "
     "times a year, up to half jointly with the Safeguarding Adults Boards. The LRSCP and LSCP "
     "meet quarterly with relevant agencies. The Planning and Delivery Group drives the business "
     "plan; the Case Review Groups, Policy and Procedures, Performance, Audit, Learning and "
     "Development, Education, VCS Forum and Communication and Engagement groups do the work."),
    ("Independent scrutiny", "An Independent Scrutineer, working with a Young Scrutineer, "
     "provides independent scrutiny within a broader framework."),
    ("Information sharing, escalation and thresholds", "The multi-agency procedures manual holds "
     "the Resolving Practitioner Disagreements and Escalation of Concerns procedure, the LLR "
     "Information Sharing Agreement, and the thresholds document."),
    ("Review", "These arrangements are updated when there are key changes, such as changes to the "
     "lead safeguarding partners or the list of relevant agencies, and any updates are sent to "
     "the Department for Education."),
]

LEEDS_FUNDING = ("Funding is agreed every year, no later than January before the financial year. "
                 "The core contributions come from the local authority, health and the police.")
LLR_FUNDING = ("The safeguarding partners (police, ICB and local authorities) fund the "
               "partnerships. The business offices are hosted by the local authorities. No "
               "contributions are requested from relevant agencies at this time.")
