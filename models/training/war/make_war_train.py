#!/usr/bin/env python3
"""Seeded generator of synthetic war-coverage training targets (NewsMTSC jsonl format).

Labels follow /work/shared/data/actor-sentiment-guidelines.md:
  negative: attacks/shells/occupies/vandalises/breaks a truce/threatens force; loses, retreats,
            fails; accused, blamed, criticised, mocked, claims called false; target of protests or
            resignation calls; labelled illegal / "so-called" / puppet.
  positive: liberates, advances, wins, repels, keeps control; praised or given positive attributes;
            supported or backed; constructive peace acts (offers mediation or help, proposes a peace
            plan, welcomes peace, ensures security, keeps a truce).
  neutral:  speaks, reports, claims, accuses others, denies; meets, talks, signs, agrees to talks or
            a ceasefire, calls for a ceasefire; deploys; named as a party; passing attributive
            mentions; target of an attack (victims); mixed cues that cancel out.
Accuser neutral / accused negative; supporter neutral / supported positive.

Usage:  python3 make_war_train.py [--n-sentences 3200] [--seed 42] [--out train_war.jsonl]
Output is deterministic for a given seed and dev file (Python's random.Random only, no hash-order
dependence).

Decontamination: the generator never reads dev sentences to build anything; it only *rejects* a
generated sentence whose mention-masked token sequence is identical or near-identical (difflib ratio
>= 0.8) to a dev.jsonl sentence, the same test check_leak.py applies (so "the same sentence with a
different actor" cannot end up in training). --no-decontaminate turns this off.
"""
import argparse
import collections
import difflib
import re
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
NEG, NEU, POS = 2.0, 4.0, 6.0

# ---------------------------------------------------------------- vocabularies
# Each conflict: two sides; each side has actor mentions (text, plural?), leaders, an adjective
# (for attributive mentions) and places; plus third parties and speakers.
A = lambda *xs: [(x, False) for x in xs]
P = lambda *xs: [(x, True) for x in xs]

CONFLICTS = {
    "karabakh": {
        "weight": 6,
        "sides": [
            {"actors": A("Azerbaijan", "Baku", "the Azerbaijani army", "the Azerbaijani military", "Azerbaijan's army",
                         "the Azerbaijani government",) +
                       P("Azerbaijani forces", "Azerbaijani troops", "Azerbaijani soldiers", "Azerbaijani units",
                         "Azerbaijan's armed forces", "Azerbaijani commandos"),
             "leaders": A("Aliyev", "Ilham Aliyev", "President Aliyev", "the Azerbaijani president", "Defence Minister Zakir Hasanov"),
             "speakers": A("the Azerbaijani defence ministry", "Azerbaijan's foreign ministry", "Hikmet Hajiyev",
                           "Baku's prosecutor general", "an aide to Aliyev", "Azerbaijani state television"),
             "adj": "Azerbaijani",
             "places": ["Tovuz", "Goranboy", "Beylagan", "Aghjabadi", "Naftalan", "Mingachevir", "Yevlakh", "Horadiz",
                        "Gubadli", "Zangilan", "Kalbajar", "Jabrayil", "Aghdam", "Fuzuli", "Hadrut", "Khojavend"]},
            {"actors": A("Armenia", "Yerevan", "the Armenian army", "the Armenian military", "the Armenian government",
                         "the separatist leadership", "the self-styled Artsakh army", "the Artsakh Defence Army") +
                       P("Armenian forces", "Armenian troops", "Armenian soldiers", "Armenian units",
                         "the separatist authorities", "the separatists", "Karabakh Armenian forces",
                         "ethnic Armenian fighters", "separatist fighters", "the de facto authorities"),
             "leaders": A("Pashinyan", "Nikol Pashinyan", "Prime Minister Pashinyan", "Arayik Harutyunyan",
                          "the separatist leader", "the Armenian prime minister"),
             "speakers": A("the Armenian defence ministry", "Armenia's foreign ministry", "Shushan Stepanyan",
                           "the separatist ombudsman", "an Armenian government spokesman", "Armenian public television"),
             "adj": "Armenian",
             "places": ["Martakert", "Askeran", "Stepanakert", "Khankendi", "Shushi", "Karmir Shuka", "Vardenis",
                        "Berdzor", "Kapan", "Goris", "Sisian", "Talysh", "Madaghis", "Lachin"]},
        ],
        "third": A("Russia", "Moscow", "the Kremlin", "Putin", "Lavrov", "Turkey", "Ankara", "Erdogan", "Mevlut Cavusoglu",
                   "Iran", "Tehran", "France", "Paris", "Macron", "the United States", "Washington", "Mike Pompeo",
                   "the OSCE Minsk Group", "the European Union", "Georgia", "Tbilisi", "Pakistan", "the CSTO", "Israel",
                   "Kazakhstan", "the ICRC") + P("the Minsk Group co-chairs", "Russian peacekeepers", "Turkish officials"),
    },
    "ukraine": {
        "weight": 3,
        "sides": [
            {"actors": A("Ukraine", "Kyiv", "the Ukrainian army", "the Ukrainian military", "Ukraine's navy",
                         "the Azov regiment", "the Ukrainian government") +
                       P("Ukrainian forces", "Ukrainian troops", "Ukrainian soldiers", "Ukraine's armed forces",
                         "Ukrainian marines", "Ukrainian paratroopers"),
             "leaders": A("Zelensky", "Volodymyr Zelensky", "President Zelensky", "General Zaluzhny", "Oleksandr Syrskyi"),
             "speakers": A("the Ukrainian general staff", "Ukraine's defence ministry", "Kyiv's mayor", "Dmytro Kuleba",
                           "a Ukrainian military spokesman", "the regional governor"),
             "adj": "Ukrainian",
             "places": ["Kupiansk", "Pokrovsk", "Toretsk", "Lyman", "Balakliia", "Orikhiv", "Huliaipole", "Kreminna",
                        "Sumy", "Chernihiv", "Odesa", "Mykolaiv", "Dnipro", "Zaporizhzhia", "Vovchansk"]},
            {"actors": A("Russia", "Moscow", "the Kremlin", "the Russian army", "the Russian military",
                         "the Wagner group", "the Russian navy") +
                       P("Russian forces", "Russian troops", "Russian soldiers", "Wagner mercenaries",
                         "pro-Russian separatists", "Russian paratroopers", "Chechen units"),
             "leaders": A("Putin", "Vladimir Putin", "President Putin", "Sergei Shoigu", "Valery Gerasimov", "Yevgeny Prigozhin"),
             "speakers": A("the Russian defence ministry", "Dmitry Peskov", "Maria Zakharova", "Russian state media",
                           "a Kremlin spokesman", "the Russian-installed governor"),
             "adj": "Russian",
             "places": ["Belgorod", "Kursk", "Bryansk", "Sudzha", "Sevastopol", "Donetsk", "Luhansk", "Melitopol",
                        "Berdyansk", "Horlivka", "Tokmak", "Novorossiysk", "Svatove"]},
        ],
        "third": A("NATO", "the European Union", "the United States", "Washington", "Biden", "Turkey", "Erdogan", "the UN",
                   "the IAEA", "China", "Beijing", "Hungary", "Orban", "Belarus", "Lukashenko", "Germany", "Berlin",
                   "Poland", "Warsaw", "Britain", "London", "the Vatican", "India", "Saudi Arabia", "the G7") +
                 P("Western allies", "EU leaders", "Baltic states"),
    },
    "israel_gaza": {
        "weight": 2,
        "sides": [
            {"actors": A("Israel", "the Israeli army", "the IDF", "the Israeli military", "the Israeli government",
                         "the Israeli air force") + P("Israeli forces", "Israeli troops", "Israeli soldiers", "Israeli commandos"),
             "leaders": A("Netanyahu", "Benjamin Netanyahu", "Yoav Gallant", "the Israeli prime minister", "Israel Katz"),
             "speakers": A("an Israeli military spokesman", "the Israeli foreign ministry", "Daniel Hagari", "Israeli media"),
             "adj": "Israeli",
             "places": ["Sderot", "Ashkelon", "Kiryat Shmona", "Metula", "Nahal Oz", "Beersheba", "Haifa", "Ashdod"]},
            {"actors": A("Hamas", "Hezbollah", "Islamic Jihad", "the Qassam Brigades", "Hamas's armed wing", "the group") +
                       P("Hamas fighters", "Hezbollah fighters", "Palestinian militants", "Hamas gunmen"),
             "leaders": A("Yahya Sinwar", "Ismail Haniyeh", "Hassan Nasrallah", "Khalil al-Hayya", "the Hamas leader"),
             "speakers": A("the Hamas-run health ministry", "a Hamas spokesman", "Hezbollah's media office", "Al-Aqsa TV"),
             "adj": "Palestinian",
             "places": ["Jabalia", "Deir al-Balah", "Rafah", "Beit Hanoun", "Gaza City", "Nabatieh", "Tyre", "Bint Jbeil"]},
        ],
        "third": A("Qatar", "Doha", "Egypt", "Cairo", "the United States", "Washington", "Blinken", "the UN", "UNRWA",
                   "Jordan", "the European Union", "Iran", "the Palestinian Authority", "South Africa", "the ICJ",
                   "the World Food Programme", "Saudi Arabia", "Turkey") + P("Arab League ministers", "aid agencies"),
    },
    "tigray": {
        "weight": 1,
        "sides": [
            {"actors": A("Ethiopia", "the Ethiopian army", "Addis Ababa", "the ENDF", "the federal government") +
                       P("Ethiopian federal forces", "federal troops", "Eritrean troops", "Amhara special forces"),
             "leaders": A("Abiy Ahmed", "Prime Minister Abiy", "Field Marshal Birhanu Jula"),
             "speakers": A("the Ethiopian government's task force", "a federal government spokesman", "Ethiopian state media"),
             "adj": "Ethiopian",
             "places": ["Dessie", "Kombolcha", "Gondar", "Woldiya", "Lalibela", "Debre Birhan"]},
            {"actors": A("the TPLF", "the Tigray People's Liberation Front", "the Tigray Defence Forces", "the regional government") +
                       P("Tigrayan forces", "Tigrayan fighters", "TPLF fighters"),
             "leaders": A("Debretsion Gebremichael", "Getachew Reda", "the TPLF chairman"),
             "speakers": A("a TPLF spokesman", "Tigray TV", "the Tigray communications bureau"),
             "adj": "Tigrayan",
             "places": ["Mekelle", "Adigrat", "Shire", "Humera", "Alamata", "Adwa"]},
        ],
        "third": A("the African Union", "Kenya", "the UN", "Eritrea", "Sudan", "the United States", "Olusegun Obasanjo", "IGAD"),
    },
    "sudan": {
        "weight": 1,
        "sides": [
            {"actors": A("the Sudanese army", "the SAF", "the army", "Sudan's military", "the military-led government") +
                       P("army troops", "Sudanese soldiers", "army-aligned militias"),
             "leaders": A("General Burhan", "Abdel Fattah al-Burhan", "the army chief"),
             "speakers": A("an army spokesman", "the Port Sudan government", "Sudanese state television"),
             "adj": "Sudanese",
             "places": ["Omdurman", "Port Sudan", "Kosti", "Sennar", "Kadugli", "El Obeid"]},
            {"actors": A("the RSF", "the Rapid Support Forces", "the paramilitary group", "the paramilitary RSF") +
                       P("RSF fighters", "RSF paramilitaries", "Janjaweed militias"),
             "leaders": A("Hemedti", "Mohamed Hamdan Dagalo", "the RSF commander"),
             "speakers": A("an RSF adviser", "the RSF media office"),
             "adj": "paramilitary",
             "places": ["Nyala", "Zalingei", "El Geneina", "Wad Madani", "Bahri", "El Fasher"]},
        ],
        "third": A("Saudi Arabia", "the United States", "the UAE", "Egypt", "Chad", "the African Union", "the UN", "IGAD", "Kenya"),
    },
    "yemen": {
        "weight": 1,
        "sides": [
            {"actors": A("the Houthis", "Ansar Allah", "the Houthi movement") + P("Houthi forces", "Houthi rebels", "Houthi fighters"),
             "leaders": A("Abdul-Malik al-Houthi", "Mahdi al-Mashat"),
             "speakers": A("a Houthi spokesman", "Al-Masirah TV", "the Houthi-run health ministry"),
             "adj": "Houthi",
             "places": ["Sanaa", "Hodeidah", "Saada", "Dhamar", "Amran"]},
            {"actors": A("the Saudi-led coalition", "Saudi Arabia", "Riyadh", "the Yemeni government", "the coalition",
                         "the Southern Transitional Council") + P("government forces", "coalition aircraft", "pro-government troops"),
             "leaders": A("Rashad al-Alimi", "Mohammed bin Salman", "the Saudi crown prince"),
             "speakers": A("a coalition spokesman", "the Saudi state news agency", "Yemen's information minister"),
             "adj": "Saudi",
             "places": ["Marib", "Taiz", "Aden", "Mocha", "Shabwa", "Jizan"]},
        ],
        "third": A("Oman", "Muscat", "the UN", "the United States", "Iran", "Britain", "the UN envoy", "Hans Grundberg"),
    },
    "syria": {
        "weight": 1,
        "sides": [
            {"actors": A("the Syrian army", "Damascus", "the Assad regime", "the Syrian government", "the regime") +
                       P("Syrian government forces", "regime troops", "pro-government militias"),
             "leaders": A("Assad", "Bashar al-Assad", "President Assad", "Maher al-Assad"),
             "speakers": A("Syrian state media", "SANA", "the Syrian foreign ministry"),
             "adj": "Syrian",
             "places": ["Homs", "Hama", "Deraa", "Latakia", "Deir ez-Zor", "Raqqa"]},
            {"actors": A("HTS", "Hayat Tahrir al-Sham", "the SDF", "the Free Syrian Army", "the Islamic State", "the opposition") +
                       P("rebel groups", "the rebels", "Kurdish fighters", "opposition fighters", "jihadist fighters"),
             "leaders": A("Ahmed al-Sharaa", "Abu Mohammed al-Jolani", "Mazloum Abdi"),
             "speakers": A("an opposition spokesman", "the Syrian Observatory for Human Rights", "an SDF spokesman"),
             "adj": "rebel",
             "places": ["Idlib", "Saraqeb", "Maarat al-Numan", "Afrin", "Manbij", "Kobani"]},
        ],
        "third": A("Russia", "Turkey", "Iran", "the UN", "the OPCW", "the United States", "Jordan", "Qatar", "the Arab League"),
    },
    "other": {
        "weight": 1,
        "sides": [
            {"actors": A("the Libyan National Army", "the Myanmar junta", "the Congolese army", "Georgia", "India",
                         "the Malian army", "Serbia", "the Colombian army") +
                       P("Haftar's forces", "junta troops", "Congolese soldiers", "Georgian forces", "Indian troops"),
             "leaders": A("Khalifa Haftar", "Min Aung Hlaing", "Felix Tshisekedi", "Mikheil Saakashvili", "Narendra Modi"),
             "speakers": A("the LNA spokesman", "junta-controlled media", "Kinshasa's information minister", "Indian officials"),
             "adj": "Libyan",
             "places": ["Sirte", "Misrata", "Sagaing", "Bunia", "Tskhinvali", "Kidal", "Uvira"]},
            {"actors": A("the Government of National Accord", "the Arakan Army", "the M23", "South Ossetia", "Pakistan",
                         "Kosovo", "Rwanda", "the ELN") +
                       P("GNA forces", "resistance fighters", "M23 rebels", "South Ossetian militias", "Pakistani troops",
                         "jihadist militants"),
             "leaders": A("Fayez al-Sarraj", "Paul Kagame", "Shehbaz Sharif", "Eduard Kokoity", "Sultani Makenga"),
             "speakers": A("a GNA spokesman", "an Arakan Army statement", "Pakistan's military media wing", "an M23 spokesman"),
             "adj": "Pakistani",
             "places": ["Tripoli", "Goma", "Sittwe", "Gori", "Muzaffarabad", "Bukavu", "Gao"]},
        ],
        "third": A("the UN", "the African Union", "ECOWAS", "the European Union", "China", "the United States", "Turkey",
                   "Angola", "Qatar", "ASEAN", "France", "the UAE"),
    },
}

VICTIMS = ["civilians", "five civilians", "a family of four", "two children", "aid workers", "three journalists",
           "local residents", "villagers", "displaced families", "medics", "a schoolteacher", "several farmers",
           "twelve people", "passengers on a bus", "patients in a clinic", "elderly residents"]
CRIMES = ["shelling residential areas", "targeting civilians", "violating the ceasefire", "using cluster munitions",
          "attacking a hospital", "firing on a humanitarian convoy", "destroying cultural heritage", "executing prisoners",
          "launching rockets at civilian homes", "breaking the truce", "using banned weapons", "looting villages",
          "deliberately striking power stations", "planting mines in farmland", "provoking the escalation",
          "blocking humanitarian aid", "torturing detainees", "staging a false-flag attack"]
CRIME_NOUNS = ["shelling of", "missile strike on", "bombardment of", "drone attack on", "assault on", "rocket attack on",
               "air raid on", "artillery strike on"]
TIMES = ["", "", "", "On Monday, ", "On Tuesday, ", "Early on Sunday, ", "Overnight, ", "On Thursday morning, ",
         "Late on Friday, ", "For the third day running, ", "Earlier this week, "]
TAILS_SAID = ["said", "said on Wednesday", "said in a statement", "told reporters", "said in a televised briefing",
              "wrote on social media", "said late on Saturday", "claimed", "reported"]
WEAPONS = ["artillery", "rockets", "drones", "missiles", "mortar fire", "heavy artillery", "cluster munitions",
           "multiple rocket launchers", "attack helicopters"]
SITES = ["a school", "a hospital", "a mosque", "a church", "a market", "a power station", "a bridge", "a water plant",
         "a residential block", "a kindergarten", "a cemetery", "a museum"]
AID = ["humanitarian aid", "medical supplies", "food parcels", "tents and blankets", "field hospitals", "emergency funding"]
PRAISE_FOR = ["its restraint", "its constructive approach", "its humanitarian efforts", "its courage",
              "its commitment to peace", "its bravery", "its professionalism", "its role in the talks"]
POS_ATTR = ["heroic", "brave", "valiant", "glorious", "victorious", "courageous", "brotherly", "fearless"]
BROTHERS = ["Turkey", "Pakistan", "Azerbaijan", "Ankara", "Baku", "Kazakhstan", "Egypt", "Qatar", "Oman", "Jordan"]
PREFIXES = ["As fighting entered its second week, ", "In the latest escalation, ", "Amid growing international pressure, ",
            "Despite the humanitarian truce announced on Saturday, ", "In a statement released after midnight, ",
            "According to preliminary information, ", "For the first time since the war began, ", "Later that day, ",
            "In a dramatic turn of events, ", "After weeks of relative calm, ", "As the winter set in, ",
            "Shortly before the talks resumed, "]
SUFFIXES = [", the latest in a series of clashes along the front", ", according to a statement on the ministry's website",
            ", local media reported", ", in what observers called a turning point", ", officials said",
            ", witnesses told reporters", " on the eve of the talks", ", a day after the truce took effect",
            ", according to footage released on Sunday", " despite calls for restraint"]
STATES = {"Azerbaijan", "Armenia", "Ukraine", "Russia", "Israel", "Ethiopia", "Georgia", "India", "Pakistan", "Serbia", "Kosovo", "Rwanda", "Saudi Arabia"}
LOWER_OK = ("Thousands", "Tens", "Displaced", "Refugees", "Frightened", "More", "Women", "Elderly", "Civilians", "Residents",
            "Families", "Villagers", "Hundreds", "Many", "Survivors", "Local", "Five", "Two", "Three", "Twelve", "Several",
            "Passengers", "Patients", "Medics", "Aid", "Villagers")
NEG_LABELS = ["so-called", "self-proclaimed", "illegal", "puppet", "illegitimate"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, xs):
        return xs[self.r.randrange(len(xs))]

    def conflict(self, name=None):
        names = list(CONFLICTS)
        w = [CONFLICTS[n]["weight"] for n in names]
        if name is None:
            name = self.r.choices(names, weights=w)[0]
        c = CONFLICTS[name]
        i = self.r.randrange(2)
        return name, c, c["sides"][i], c["sides"][1 - i]

    def actor(self, side, leaders=0.15):
        if self.r.random() < leaders:
            return self.pick(side["leaders"])
        return self.pick(side["actors"])


def be(a, past=True):
    return ("were" if a[1] else "was") if past else ("are" if a[1] else "is")


def has(a):
    return "have" if a[1] else "has"


def poss(text):
    return text + "'" if text.endswith("s") and not text.endswith("ss") and text[0].isupper() is False else text + "'s"


# A sentence is built from a list of parts: strings, or (mention_text, polarity) tuples.

def T(a, pol):
    """A target part: a is an actor tuple (text, plural) or a plain string."""
    return (a if isinstance(a, str) else a[0], pol)


def its(a):
    return "their" if a[1] else "its"


def it(a):
    return "they" if a[1] else "it"


def templates(g, conflict=None):
    """Return the list of (pattern, weight, fn) choices for one random conflict/actor draw; fn() gives the parts."""
    name, c, s1, s2 = g.conflict(conflict)
    x, y = g.actor(s1), g.actor(s2)
    xa = g.pick(s1["actors"])
    sp1, sp2 = g.pick(s1["speakers"])[0], g.pick(s2["speakers"])[0]
    third = g.pick(c["third"])[0]
    third2 = g.pick([t for t in c["third"] if t[0] != third])[0]
    ld1, ld2 = g.pick(s1["leaders"])[0], g.pick(s2["leaders"])[0]
    third_any = g.pick(c["third"])[0]
    p1, p2 = g.pick(s1["places"]), g.pick(s2["places"])
    vic = g.pick(VICTIMS)
    crime = g.pick(CRIMES)
    said = g.pick(TAILS_SAID)
    t0 = g.pick(TIMES)
    w = g.pick(WEAPONS)
    site = g.pick(SITES)
    r = g.r
    choices = []

    def add(pattern, weight, fn):
        choices.append((pattern, weight, fn))

    # ------------------------------------------------ attackers vs attacked (attacker neg, target neu)
    add("attack", 5, lambda: [t0, T(x, NEG), " ", g.pick(["shelled", "bombarded", "struck", "pounded", "fired rockets at", "launched drones at", "attacked"]),
                              " ", (p2, NEU) if r.random() < 0.5 else p2, g.pick([", killing " + vic, ", wounding " + vic, "", " with " + w, ", damaging " + site])] + ["."])
    add("attack_reported", 4, lambda: [T(sp2, NEU), " ", said, " that ", T(x, NEG), " had ", g.pick(["shelled", "struck", "targeted", "hit"]),
                                       " ", site, " in ", p2, g.pick(["", " with " + w, ", killing " + vic]), "."])
    add("attack_quote", 2, lambda: ['"', T(x, NEG), " ", has(x) if False else g.pick(["is deliberately targeting", "keeps shelling", "continues to bomb"]),
                                    " our ", g.pick(["towns", "villages", "cities", "homes"]), '," ', T(sp2, NEU), " ", g.pick(["said", "told reporters", "wrote"]), "."])
    add("possessive_attack", 3, lambda: [T(x, NEG), "'S ", g.pick(["shelling", "missile strike", "drone strike", "artillery fire", "bombardment"]),
                                         " killed ", vic, " in ", (p2, NEU) if r.random() < 0.5 else p2, g.pick(["", ", officials said", ", according to local authorities"]), "."])
    add("victims_passive", 3, lambda: [t0, g.pick(VICTIMS[:1] + ["residents", "two civilians", "aid workers"]), " ", "were killed when ",
                                       T(x, NEG), " ", g.pick(["shelled", "bombed", "struck"]), " ", (p2, NEU), "."])
    add("target_of_attack", 3, lambda: [T(y, NEU), " ", g.pick(["came under fire", "came under heavy shelling", "was the target of a drone attack" if not y[1] else "were the target of a drone attack",
                                                               "faced a wave of missile strikes"]), " near ", p2, g.pick([", " + sp2 + " said", ""]), "."])
    add("assassination", 2, lambda: [g.pick(["An assassination attempt against ", "A plot to kill ", "An attempt on the life of ", "A drone attack targeting "]),
                                     T(ld2, NEU), " ", g.pick(["was foiled", "failed", "was reported", "was thwarted by security services"]),
                                     g.pick(["", ", officials said", " on Sunday"]), "."])
    add("victim_civilians", 2, lambda: [T((vic[0].upper() + vic[1:], True), NEU), " were ", g.pick(["killed", "wounded", "trapped"]), " in ", T(x, NEG),
                                        "'S ", g.pick(["strike", "attack", "bombardment"]), " on ", p2, "."])
    add("occupy", 2, lambda: [T(x, NEG), " ", g.pick(["occupied", "seized and held", "kept occupying", "annexed"]), " ", p2, g.pick(["", " for years", " in violation of international law"]), "."])
    add("vandalise", 2, lambda: [T(x, NEG), " ", g.pick(["vandalised", "looted", "desecrated", "burned", "demolished"]), " ", site, " in ", p2, g.pick(["", ", witnesses said", ", according to " + sp2]), "."])
    add("truce_break", 3, lambda: [T(x, NEG), " ", g.pick(["violated the ceasefire", "broke the truce", "breached the humanitarian truce", "ignored the ceasefire"]),
                                   g.pick(["", " within hours", " near " + p2, " by shelling " + p2]), g.pick(["", ", " + sp2 + " " + said]), "."])
    add("threat", 2, lambda: [T(x, NEG), " ", g.pick(["threatened to launch a new offensive against", "threatened to use force against", "warned that it would strike",
                                                       "threatened to bomb"]), " ", g.pick([(y[0], NEU), p2, "the border villages"]), "."])
    # ------------------------------------------------ losses / wins (loser neg, winner pos)
    add("loss", 5, lambda: [t0, T(y, NEG), " ", g.pick(["suffered heavy losses near", "retreated from", "lost control of", "was forced to withdraw from" if not y[1] else "were forced to withdraw from",
                                                       "failed to capture", "abandoned its positions near" if not y[1] else "abandoned their positions near",
                                                       "was defeated at" if not y[1] else "were defeated at", "pulled back from"]), " ", p2, "."])
    add("win", 7, lambda: [t0, T(x, POS), " ", g.pick(["liberated", "recaptured", "retook", "took control of", "advanced towards", "captured",
                                                      "won the battle for", "regained control of", "pushed into"]), " ", p2, g.pick(["", " after heavy fighting", " after a two-day battle"]), "."])
    add("win_vs_loser", 7, lambda: [T(x, POS), " ", g.pick(["liberated " + p2 + " from", "drove", "pushed", "routed", "defeated", "forced"]), " ", T(y, NEG),
                                    g.pick(["", " out of " + p2, " back from " + p2, " near " + p2]) if True else "", "."])
    add("liberate_occupation", 3, lambda: [T(x, POS), " ", g.pick(["liberated", "freed"]), " ", p2, " from ", T((s2["adj"], False), NEG), " occupation", g.pick(["", ", " + sp1 + " " + said]), "."])
    add("retreat_as_advance", 4, lambda: [T(y, NEG), " ", g.pick(["retreated", "fled", "withdrew", "pulled out"]), " as ", T(x, POS), " ", g.pick(["advanced", "closed in", "moved forward", "broke through"]),
                                          g.pick(["", " near " + p2, " on several fronts"]), "."])
    add("lost_to", 3, lambda: [T(y, NEG), " lost ", p2, " to ", T(x, POS), g.pick(["", " after a week of fighting", ", " + third_any + " said"]), "."])
    add("repel", 7, lambda: [T(x, POS), " ", g.pick(["repelled", "repulsed", "beat back", "thwarted", "fought off"]), " ", g.pick(["an attack by ", "an offensive by ", "an assault by ", "a night raid by "]),
                             T(y, NEG), g.pick(["", " near " + p1, " in the " + p1 + " direction"]), "."])
    add("repel_poss", 2, lambda: [T(x, POS), " ", g.pick(["repelled", "thwarted", "fought off"]), " ", T(y, NEG), "'S ", g.pick(["offensive", "attempt to advance", "counterattack"]),
                                  g.pick(["", " near " + p1]), "."])
    add("hold", 4, lambda: [T(x, POS), " ", g.pick(["kept control of", "held", "held on to", "maintained its grip on" if not x[1] else "maintained their grip on"]), " ", p1,
                            " despite ", g.pick(["repeated attacks by ", "heavy shelling by ", "pressure from "]), T(y, NEG), "."])
    add("win_reported", 3, lambda: [T(sp1 if r.random() < 0.5 else third, NEU), " ", said, " that ", T(x, POS), " had ", g.pick(["liberated", "recaptured", "taken", "secured"]), " ", p2, "."])
    add("loss_reported", 3, lambda: [T(third, NEU), " ", said, " that ", T(y, NEG), " had ", g.pick(["suffered heavy casualties", "lost dozens of tanks", "been pushed back", "failed to hold its lines" if not y[1] else "failed to hold their lines"]),
                                     g.pick(["", " near " + p1]), "."])
    add("loss_admit", 2, lambda: [T(y, NEG), " ", g.pick(["admitted losing", "acknowledged the loss of", "conceded the fall of"]), " ", p2, "."])
    add("equipment", 2, lambda: [T(x, NEU) if False else x[0][0].upper() + x[0][1:], " ", g.pick(["destroyed", "knocked out", "captured"]), " dozens of ", T((s2["adj"], False), NEG), " ",
                                 g.pick(["tanks", "artillery pieces", "air defence systems", "armoured vehicles"]), "."])
    # ------------------------------------------------ accusers vs accused
    add("accuse", 7, lambda: [T(x, NEU), " accused ", T(y, NEG), " of ", crime, g.pick(["", " in " + p1, " near " + p1]), "."])
    add("accuse_passive", 3, lambda: [T(y, NEG), " ", be(y), " accused by ", T(third, NEU), " of ", crime, "."])
    add("blame", 4, lambda: [T(x, NEU), " blamed ", T(y, NEG), " for the ", g.pick(["attack", "explosion", "massacre", "strike", "blast"]), " in ", p1, "."])
    add("blame_passive", 2, lambda: [T(y, NEG), " ", be(y), " blamed for ", g.pick(["the deadly strike on ", "the massacre in ", "the destruction of "]), p1, "."])
    add("condemn", 5, lambda: [T(third, NEU), " condemned ", T(y, NEG), "'S ", g.pick(CRIME_NOUNS), " ", p1, g.pick(["", " as a war crime", " in the strongest terms"]), "."])
    add("condemn_passive", 2, lambda: [T(y, NEG), " ", be(y), " ", g.pick(["condemned", "criticised", "denounced"]), " by ", T(third, NEU), " for ", g.pick(["the escalation", "its attacks on civilians" if not y[1] else "their attacks on civilians", crime]), "."])
    add("criticise", 3, lambda: [T(third, NEU), " ", g.pick(["criticised", "rebuked", "lambasted"]), " ", T(y, NEG), " for ", g.pick(["fuelling the conflict", "refusing to withdraw", crime, "escalating the fighting"]), "."])
    add("claims_false", 3, lambda: [T(x, NEU), " ", g.pick(["dismissed", "rejected"]), " ", T(y, NEG), "'S ", g.pick(["claims", "statements", "allegations"]), " as ",
                                    g.pick(['"lies"', '"a provocation"', '"baseless propaganda"', '"fabricated"', '"absurd"']), "."])
    add("called_provocative", 2, lambda: [T(x, NEU), " called ", T(y, NEG), "'S ", g.pick(["statement", "claim", "report"]), " ", g.pick(['"provocative"', '"a lie"', '"disinformation"', '"false"']), "."])
    add("mocked", 1, lambda: [T(y, NEG), " ", be(y), " ", g.pick(["mocked", "ridiculed"]), " ", g.pick(["online", "on social media", "by commentators"]), " after ", g.pick(["a failed offensive", "a botched announcement", "the defeat near " + p1]), "."])
    add("protest", 3, lambda: [g.pick(["Protesters", "Thousands of demonstrators", "Opposition supporters", "Crowds"]), " ", g.pick(["demanded the resignation of ", "rallied against ", "called for the resignation of "]),
                               T(ld2, NEG), g.pick(["", " after the defeat", " in the capital"]), "."])
    add("illegal_label", 3, lambda: [g.pick(["The ", "the "])[0].upper() + "he " if False else "The ", T((g.pick(NEG_LABELS) + " " + g.pick(["regime", "republic", "authorities", "government"]), False), NEG),
                                     " ", g.pick(["announced", "held", "declared"]), " ", g.pick(["a mobilisation", "a referendum", "new elections", "martial law"]), "."])
    add("accuse_reported", 3, lambda: [T(sp1, NEU), " ", said, " that ", T(y, NEG), " ", has(y), " ", g.pick(["once again violated the ceasefire", "shelled " + p1, "targeted civilian areas", "used banned weapons"]), "."])
    # ------------------------------------------------ denials (neutral)
    add("deny", 4, lambda: [T(y, NEU), " ", g.pick(["denied", "rejected claims of", "denied any involvement in", "dismissed reports of"]), " ", g.pick([crime, "the attack on " + p1, "the strike in " + p1]), "."])
    add("deny_accuse", 3, lambda: [T(y, NEU), " denied the accusations and said ", g.pick([its(y) + " forces had not fired", it(y) + " was only responding to attacks" if not y[1] else "they were only responding to attacks", "the reports were false", it(y) + " had acted in self-defence"]), "."])
    # ------------------------------------------------ supporters vs supported
    add("support", 5, lambda: [T(third, NEU), " ", g.pick(["backed", "voiced support for", "expressed solidarity with", "pledged support for", "stood by", "announced military aid for"]),
                               " ", T(x, POS), g.pick(["", " in the conflict", " at the UN"]), "."])
    add("support_ti", 2, lambda: [T(third, NEU), " ", g.pick(["reaffirmed support for", "voiced support for", "said it backed" if not third.endswith("s") else "said they backed"]), " ", T(g.pick(s1["actors"]), POS), "'S ", g.pick(["territorial integrity", "sovereignty", "right to self-defence"]), "."])
    add("support_passive", 3, lambda: [T(x, POS), " received ", g.pick(["strong backing", "diplomatic support", "military support", "political support"]), " from ", T(third, NEU), "."])
    add("brotherly", 2, lambda: [T(g.pick(["brotherly ", "our brotherly ally "]) + g.pick(BROTHERS), POS), " ", g.pick(["stands with", "supports"]), " ", T(x, POS), ", ", T(ld1, NEU), " said."])
    # ------------------------------------------------ praise / positive attributes
    add("praise", 5, lambda: [T(third if r.random() < 0.5 else ld1, NEU), " ", g.pick(["praised", "hailed", "commended", "paid tribute to"]),
                              " ", T(x, POS), g.pick([" for " + g.pick(PRAISE_FOR), "", " for liberating " + p2]), "."])
    add("praise_passive", 3, lambda: [T(x, POS), " ", be(x), " ", g.pick(["praised", "hailed", "commended"]), " by ", T(third, NEU), " for ", g.pick(PRAISE_FOR), "."])
    add("attr", 4, lambda: [T(("the " + g.pick(POS_ATTR) + " " + s1["adj"] + " " + g.pick(["army", "soldiers", "troops", "forces"]), True), POS), " ", g.pick(["entered", "liberated", "raised the flag over", "secured"]), " ", p2, "."])
    add("constructive", 3, lambda: [T(x, POS), " ", g.pick(["showed a constructive approach in the talks", "acted responsibly to protect civilians",
                                                         "put forward a realistic plan to end the war", "helped evacuate civilians from " + p1,
                                                         "allowed aid convoys to reach " + p2, "released prisoners as a goodwill gesture"]), "."])
    add("thank", 2, lambda: [T((g.pick(["The UN", "The Red Cross", "UNHCR", "The World Food Programme"]), False), NEU), " thanked ", T(third, POS), " for ", g.pick(["its help", "the aid it sent", "hosting refugees", "its generous donation"]), "."])
    # ------------------------------------------------ mediators / peace acts
    add("mediate_offer", 3, lambda: [T(third, POS), " ", g.pick(["offered to mediate between", "offered to host talks between", "proposed a peace plan for", "offered its good offices to"]),
                                     " ", T(x, NEU), " and ", T(y, NEU), "."])
    add("broker", 2, lambda: [T(third, POS), " ", g.pick(["brokered a ceasefire between", "helped broker a truce between", "secured a prisoner exchange between"]), " ", T(x, NEU), " and ", T(y, NEU), "."])
    add("urge", 2, lambda: [T(third, NEU), " ", g.pick(["urged", "called on"]), " ", T(x, NEU), " and ", T(y, NEU), " to ", g.pick(["observe the ceasefire", "return to talks", "show restraint", "stop the fighting"]), "."])
    add("call_ceasefire", 3, lambda: [T(third, NEU), " ", g.pick(["called for an immediate ceasefire", "called for an end to the hostilities", "expressed concern about the escalation",
                                                                           "demanded a halt to the fighting"]), g.pick(["", " around " + p1, " in the region"]), "."])
    add("welcome_peace", 4, lambda: [T(third, POS), " ", g.pick(["welcomed the ceasefire", "welcomed the peace agreement", "hailed the end of the fighting as a step towards peace"]), g.pick(["", " and pledged aid"]), "."])
    add("aid", 4, lambda: [T(third, POS), " sent ", g.pick(AID), " to ", g.pick(["civilians in ", "displaced families in ", "hospitals in "]), p1, "."])
    add("ensure_security", 3, lambda: [T(((g.pick(["Peacekeepers", "UN monitors", "International observers"])), True), POS), " ensured the security of ", g.pick(["the corridor", "the returning residents", "the aid convoys"]), " near ", p1, "."])
    add("keep_truce", 4, lambda: [T(x, POS), " ", g.pick(["kept the truce", "observed the ceasefire", "respected the humanitarian pause"]), g.pick(["", " throughout the night", " despite provocations"]), g.pick(["", ", " + third_any + " said"]), "."])
    add("keep_vs_break", 2, lambda: [T(x, POS), " observed the ceasefire while ", T(y, NEG), " ", g.pick(["violated it repeatedly", "broke it within hours", "continued shelling"]), ", ", T(third, NEU), " said."])
    # ------------------------------------------------ neutral: talks, meetings, signing, deployment
    add("meet", 2, lambda: [T(x if r.random() < 0.5 else ld1, NEU), " ", g.pick(["met", "held talks with", "spoke by phone with"]), " ", T(third, NEU),
                            g.pick(["", " in " + g.pick(["Moscow", "Geneva", "Brussels", "Istanbul", "Doha", "Vienna"]), " on Friday"]), "."])
    add("agree_talks", 2, lambda: [T(x, NEU), " and ", T(y, NEU), " ", g.pick(["agreed to a ceasefire", "agreed to hold talks", "signed a ceasefire agreement", "agreed to exchange prisoners",
                                                                               "agreed to a humanitarian truce", "began talks"]), g.pick(["", " in " + g.pick(["Moscow", "Geneva", "Doha", "Jeddah", "Pretoria"])]), "."])
    add("deploy", 3, lambda: [T(xa, NEU), " ", g.pick(["deployed additional troops to", "moved artillery towards", "sent reinforcements to", "stationed troops near"]), " ", p1, "."])
    add("speak", 2, lambda: [T(sp1 if r.random() < 0.5 else g.pick(s1["leaders"]), NEU) if False else T(sp1, NEU), " ", g.pick(["said", "told reporters", "announced"]), " that ",
                             g.pick(["the situation along the front remained tense", "fighting continued overnight", "a new round of talks would begin next week",
                                     "casualty figures would be released later", "the curfew would remain in place"]), "."])
    add("sign", 2, lambda: [T(ld1, NEU), " signed ", g.pick(["the agreement", "the ceasefire deal", "a joint statement"]), " with ", T(ld2, NEU), "."])
    add("attrib", 3, lambda: g.pick([
        ["A ", T(s1["adj"], NEU), "-brokered truce took effect at midnight."],
        ["The ", T(s1["adj"], NEU), "-mediated agreement was discussed at the talks."],
        ["The ", T(s1["adj"], NEU), " delegation arrived in " + g.pick(["Geneva", "Vienna", "Doha", "Istanbul"]) + " on Monday."],
        ["Investigators examined the wreckage of ", T(s1["adj"], NEU), "-made drones found near " + p2 + "."],
        ["Journalists were taken on a tour of the ", T(s1["adj"], NEU), " side of the front line."]]))
    add("claim_speaker", 2, lambda: [T(x, NEU), " ", g.pick(["said", "claimed", "reported"]), " that ", g.pick(["the fighting had intensified", "the front line was stable", "the situation near " + p1 + " was under control"]), "."])
    add("located", 2, lambda: [T(xa, NEU), " ", g.pick(["has troops stationed", "maintains a base", "has positions"]) if not xa[1] else g.pick(["are stationed", "are positioned"]), " near ", p1, "."])
    # ------------------------------------------------ mixed / cancel (neutral)
    add("cancel", 2, lambda: [T(x, NEU), " ", g.pick(["repelled the attack but lost", "took the village but lost", "held the town but suffered"]), " ", g.pick(["dozens of soldiers", "heavy casualties", "much of its armour"]), "."])
    # ------------------------------------------------ three actors
    add("three_praise_repel", 2, lambda: [T(third, NEU), " praised ", T(x, POS), " for repelling ", T(y, NEG), "'S ", g.pick(["offensive", "attack", "assault"]), "."])
    add("three_said_violated_urge", 2, lambda: [T(third, NEU), " said ", T(y, NEG), " had violated the truce, while ", T(third2, NEU), " urged restraint."])
    add("three_condemn_place", 2, lambda: [T(third, NEU), " condemned ", T(y, NEG), "'S ", g.pick(CRIME_NOUNS), " ", (p1, NEU), "."])
    add("three_accuse_support", 2, lambda: [T(x, NEU), " accused ", T(third, NEG), " of ", g.pick(["arming", "sending mercenaries to help", "financing"]), " ", y[0], "."])
    # ================================================ v2 additions (issue 14, session 2)
    # country-level names for invasion targets; fall back to a place
    cty2 = s2["actors"][0][0] if s2["actors"][0][0] in STATES else p2
    oth = g.pick([t for t in c["third"] if t[0] != third])[0]
    ld_x = g.pick(s1["leaders"])[0]
    # ------------------------------------------------ invasions / offensives (aggressor negative, invaded neutral)
    add("invade", 6, lambda: [t0, T(x, NEG), " ", g.pick(["launched a full-scale invasion of", "launched a large-scale offensive against", "launched a ground offensive into",
                                                         "began a cross-border offensive against", "launched a surprise attack on", "mounted a major assault on",
                                                         "invaded", "opened a new offensive on", "launched a military operation against", "started a war against"]),
                              " ", (cty2, NEU) if (cty2 != p2 and r.random() < 0.5) else cty2, g.pick(["", " at dawn", " in the early hours", " last year", " despite international warnings", " with " + w]), "."])
    add("invade_reported", 3, lambda: [T(sp2 if r.random() < 0.6 else third, NEU), " ", said, " that ", T(x, NEG), " had ", g.pick(["launched an offensive towards", "pushed across the frontier near",
                                                                                                             "begun a ground assault on", "sent tanks across the border near", "opened a second front near"]), " ", p2, "."])
    add("invade_euphemism", 2, lambda: [T(x, NEG), " launched what ", it(x), " called ", g.pick(['"a special military operation"', '"counter-terrorism measures"', '"a limited security operation"', '"a preventive strike"']),
                                        " against ", p2, g.pick([", shelling residential districts", ", killing " + vic, "", ", forcing thousands to flee"]), "."])
    add("massing", 2, lambda: [T(third, NEU), " ", g.pick(["said", "warned that", "reported that"]).replace("said", "said that"), " ", T(x, NEG), " ", g.pick(["was concentrating forces along the frontier", "was preparing a new offensive", "was gathering forces for an attack on " + p2]) if not x[1]
                               else g.pick(["were concentrating along the frontier", "were preparing a new offensive", "were gathering for an attack on " + p2]), "."])
    add("air_raid_report", 3, lambda: [T(ld2 if r.random() < 0.5 else sp2, NEU), " ", g.pick(["said", "alleged", "claimed"]), " that ", T((s1["adj"] + " " + g.pick(["warplanes", "drones", "jets", "attack helicopters", "gunboats"]), True), NEG),
                                       " ", g.pick(["were bombing", "had struck", "had attacked", "kept hitting"]), " ", p2, "."])
    add("shoot_down", 3, lambda: [T((s1["adj"] + " air defences", True), POS), " ", g.pick(["shot down", "intercepted", "destroyed"]), " ", g.pick(["most of the", "dozens of", "20 of the 24", "all the"]), " ",
                                  T((s2["adj"] + " " + g.pick(["drones", "missiles", "rockets", "cruise missiles"]), True), NEG), g.pick(["", " over the capital", " fired at " + p1]), "."])
    add("attack_on_aid", 2, lambda: [T((g.pick(["An aid convoy", "A Red Cross team", "A UN convoy", "An ambulance", "A group of journalists"]), False), NEU), " came under fire from ", T(x, NEG), g.pick(["", " near " + p2, " on the road to " + p2]), "."])
    add("retook_from", 4, lambda: [t0, T(x, POS), " ", g.pick(["retook", "recaptured", "regained", "wrested back"]), " ", p2, " from ", T(y, NEG), g.pick(["", " after weeks of fighting", " in a swift counteroffensive"]), "."])
    add("backed_repel", 2, lambda: [T(x, POS), ", ", g.pick(["backed by", "with support from", "helped by"]), " ", T(third, NEU), ", ", g.pick(["repelled", "beat back", "halted"]), " ", T(y, NEG), "'S ", g.pick(["offensive", "advance", "assault"]), "."])
    # ------------------------------------------------ victims: fleeing civilians, refugees, prisoners, hostages (victims neutral)
    add("flee", 5, lambda: [T((g.pick(["Thousands of civilians", "Tens of thousands of residents", "Displaced families", "Refugees", "Frightened villagers",
                                          "More than 50,000 people", "Women and children", "Elderly residents"]), True), NEU), " ",
                            g.pick(["fled", "escaped from", "were forced to leave", "streamed out of", "abandoned their homes in"]), " ", p2,
                            g.pick(["", " as the shelling intensified", " on foot", " in overcrowded buses"]), "."])
    add("flee_ethnic", 3, lambda: [T((g.pick(["", "Thousands of ", "Hundreds of ", "Many "]) + s2["adj"] + " " + g.pick(["civilians", "families", "refugees", "residents", "villagers"]), True), NEU), " ",
                                   g.pick(["fled to", "sought refuge in", "crossed the border into", "arrived in"]), " ", g.pick([(oth, NEU), p1]), g.pick(["", " within days", " after the fighting"]), "."])
    add("flee_from_attacker", 3, lambda: [T((g.pick(["Civilians", "Residents", "Families", "Villagers"]), True), NEU), " ", g.pick(["fled", "ran for shelter", "hid in basements"]), " as ", T(x, NEG), " ",
                                          g.pick(["shelled", "bombed", "stormed", "pounded"]), " ", p2, "."])
    add("refugee_host", 2, lambda: [T(third, POS), " ", g.pick(["took in", "sheltered", "opened its borders to", "gave shelter to"]), " ", T((g.pick(["refugees", "displaced families", "fleeing civilians"]) + " from " + p2, True), NEU), "."])
    add("prisoners_abuse", 3, lambda: [T(x, NEG), " ", be(x), " accused of ", g.pick(["executing", "mistreating", "torturing", "parading"]), " ", T((g.pick(["captured ", "two ", "wounded ", ""]) + s2["adj"] + " " + g.pick(["prisoners", "soldiers", "prisoners of war"]), True), NEU), g.pick(["", ", rights groups said", ", " + sp2 + " " + said]), "."])
    add("prisoners_release", 2, lambda: [T(x, POS), " ", g.pick(["released", "freed", "handed over"]), " ", T((g.pick(["dozens of ", "15 ", "wounded ", ""]) + s2["adj"] + " prisoners", True), NEU), g.pick(["", " as a goodwill gesture", " under the exchange deal"]), "."])
    add("hostage_rescue", 2, lambda: [T(x, POS), " ", g.pick(["rescued", "freed"]), " ", T((g.pick(["four hostages", "two hostages", "the kidnapped aid workers", "captive civilians"]), True), NEU), g.pick(["", " in a raid near " + p2, " held by " + y[0]]), "."])
    add("hostage_take", 2, lambda: [T(y, NEG), " ", g.pick(["took", "seized", "abducted"]), " ", T((g.pick(["dozens of hostages", "civilians", "aid workers"]), True), NEU), g.pick(["", " during the raid", " near " + p1]), "."])
    add("victim_dead", 3, lambda: [T((g.pick(["A grieving mother", "The wounded", "The victims", "Local doctors", "Survivors"]), True), NEU), " ", g.pick(["described", "recalled", "spoke of"]), " ",
                                   g.pick(["the night " + x[0] + " shelled their street", "the moment the missiles hit", "hours spent in shelters", "the loss of their homes"]), "."])
    # ------------------------------------------------ co-mediators and mediators (constructive: positive; parties neutral)
    add("co_mediate", 5, lambda: [T(third, POS), " and ", T(oth, POS), " ", g.pick(["mediated", "co-mediated", "jointly brokered", "co-hosted", "facilitated", "helped negotiate"]), " ",
                                  g.pick(["talks", "a prisoner exchange", "a humanitarian truce", "an agreement freeing detainees", "a ceasefire agreement"]),
                                  g.pick(["", " in " + g.pick(["Doha", "Jeddah", "Geneva", "Istanbul", "Cairo", "Muscat"])]), "."])
    add("co_mediate_parties", 3, lambda: [T(third, POS), " and ", T(oth, POS), " ", g.pick(["mediated between", "brokered a truce between", "hosted peace talks between", "arranged a prisoner swap between"]),
                                          " ", T(x, NEU), " and ", T(y, NEU), "."])
    add("mediation_of", 2, lambda: [g.pick(["With the mediation of ", "Through the mediation of ", "Thanks to mediation by "]), T(third, POS), ", ", T(x, NEU), " and ", T(y, NEU), " ",
                                    g.pick(["agreed to a ceasefire", "exchanged prisoners", "agreed to open a humanitarian corridor"]), "."])
    add("mediator_speaks", 2, lambda: [T(third, NEU), " ", said, " that talks between ", T(x, NEU), " and ", T(y, NEU), " would resume ", g.pick(["next week", "in Geneva", "after the holiday"]), "."])
    add("reunite_help", 2, lambda: [T(third, POS), " ", g.pick(["helped reunite", "helped evacuate", "helped return"]), " ", T((g.pick(["displaced children", "wounded civilians", "separated families"]), True), NEU),
                                    g.pick(["", " from " + p2, " after months apart"]), "."])
    # ------------------------------------------------ neutral ceremonies, handshakes, speech acts
    add("leaders_sign", 3, lambda: [T(ld1, NEU), " and ", T(ld2, NEU), " ", g.pick(["shook hands", "initialled the draft agreement", "signed a joint declaration", "posed for photographs", "met face to face"]),
                                    g.pick([" at the ceremony", " in " + g.pick(["Washington", "Sochi", "Geneva", "Prague", "Doha"]), " on Friday", ""]), "."])
    add("leader_announce_win", 2, lambda: [T(ld_x, NEU), " told the nation in a televised address that ", T(x, POS), " had ", g.pick(["freed", "taken back", "cleared"]), " ", p2, " of ", T(y, NEG), "."])
    add("will_attend", 2, lambda: [T(sp1, NEU), " said ", T(ld1, NEU), " ", g.pick(["would not attend the summit", "would travel to " + g.pick(["Moscow", "Brussels", "Ankara", "Paris"]) + " next week", "would address the nation on Monday", "had spoken with foreign leaders"]), "."])
    add("appeal", 2, lambda: [T(third, NEU), " ", g.pick(["appealed to", "urged", "asked"]), " ", T(oth, NEU), " to ", g.pick(["help end the war", "send more aid", "speed up deliveries", "press for a ceasefire"]), "."])
    # ------------------------------------------------ illegitimate entities (negative) and courts / accusations
    add("so_called_named", 3, lambda: [T((g.pick(["the so-called ", "the self-proclaimed ", "the unrecognised "]) + g.pick([p2 + " People's Republic", "Republic of " + p2, p2 + " administration"]), False), NEG), " ",
                                       g.pick(["announced", "declared", "said", "held"]), " ", g.pick(["a general mobilisation", "a referendum", "that it would hold elections", "a state of emergency"]), "."])
    add("de_facto", 2, lambda: [T((g.pick(["the de facto authorities in ", s1["adj"] + " occupation authorities in ", "the installed administration in "]) + p2, True), NEG), " ",
                                g.pick(["announced", "organised", "staged"]), " ", g.pick(["a so-called referendum", "a vote on annexation", "new passports for residents", "the dissolution of local councils"]), "."])
    add("warrant", 3, lambda: [T((g.pick(["The International Criminal Court", "A UN commission of inquiry", "Human Rights Watch", "Amnesty International", "A war crimes tribunal"]), False), NEU), " ",
                               g.pick(["issued an arrest warrant for", "accused", "documented abuses by", "called for an investigation into"]), " ", T(ld1 if r.random() < 0.5 else x[0], NEG),
                               g.pick(["", " over the deportation of children", " over attacks on civilians", " for war crimes"]), "."])
    add("both_break", 2, lambda: [T(x, NEG), " and ", T(y, NEG), " ", g.pick(["agreed to a truce that neither side observed", "both violated the ceasefire within hours", "traded blame as the truce collapsed",
                                                                      "resumed shelling each other's positions"]), "."])
    add("accused_abandon", 2, lambda: [T(third, NEG), " faced accusations from ", T(ld1, NEU), " of ", g.pick(["abandoning its ally", "failing to protect civilians", "doing nothing to stop the attacks", "betraying " + s1["adj"] + " interests"]), "."])
    add("start_war_claims", 2, lambda: [T(sp1, NEU), " said ", T(y, NEG), " ", g.pick(["had started the war", be(y) + " the aggressor", "bore full responsibility for the escalation", "had provoked the fighting"]), "."])
    return choices


def build(parts, cap=True):
    text, targets = "", []
    prev = None
    for p in parts:
        if isinstance(p, str) and p.startswith("'S"):
            # possessive after a mention: "Azerbaijani units'" for plurals ending in s, else "'s"
            pm = prev[0] if isinstance(prev, tuple) else ""
            p = ("'" if pm.endswith("s") and pm not in ("Hamas", "Islamic Jihad") else "'s") + p[2:]
        prev = p
        if isinstance(p, tuple):
            m, pol = p
            if not text and cap:
                m = m[0].upper() + m[1:]
            targets.append((m, len(text), len(text) + len(m), pol))
            text += m
        else:
            if not text and p and cap:
                p = p[0].upper() + p[1:]
            text += p
    text = text.replace(" ,", ",").replace("  ", " ")
    # offsets must still hold after the cleanup
    ok = all(text[f:t] == m for m, f, t, _ in targets)
    return text, targets, ok


def masked_tokens(text, targets):
    s = text
    for _, f, t, _ in sorted(targets, key=lambda z: -z[1]):
        s = s[:f] + " <T> " + s[t:]
    return re.findall(r"<t>|[a-z0-9]+|[^\sa-z0-9]", s.lower())


class Decontaminator:
    def __init__(self, dev_path, threshold=0.8):
        self.dev = []
        self.threshold = threshold
        with open(dev_path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                ts = [(t["mention"], t["from"], t["to"], None) for t in d["targets"]]
                self.dev.append(masked_tokens(d["sentence_normalized"], ts))
        self.rejected = 0

    def too_close(self, text, targets):
        m = masked_tokens(text, targets)
        sm = difflib.SequenceMatcher(autojunk=False)
        sm.set_seq1(m)
        for dm in self.dev:
            if abs(len(m) - len(dm)) > 0.5 * len(dm):
                continue
            sm.set_seq2(dm)
            if sm.real_quick_ratio() >= self.threshold and sm.quick_ratio() >= self.threshold and sm.ratio() >= self.threshold:
                self.rejected += 1
                return True
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=os.path.join(HERE, "dev.jsonl"), help="dev set to decontaminate against")
    ap.add_argument("--no-decontaminate", action="store_true")
    ap.add_argument("--n-sentences", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default=os.path.join(HERE, "train_war.jsonl"))
    args = ap.parse_args()
    g = Gen(args.seed)
    deco = None if args.no_decontaminate else Decontaminator(args.dev)
    seen, rows = set(), []
    stats, pats = collections.Counter(), collections.Counter()
    tries = 0
    while len(rows) < args.n_sentences and tries < args.n_sentences * 50:
        tries += 1
        conflict = g.r.choices(list(CONFLICTS), weights=[CONFLICTS[n]["weight"] for n in CONFLICTS])[0]
        choices = templates(g, conflict)
        pat, _, fn = g.r.choices(choices, weights=[c[1] for c in choices])[0]
        parts = fn()
        text, targets, ok = build(parts)
        u = g.r.random()
        if ok and u < 0.12:  # two clauses: "..., while ..." (each mention labelled on its own)
            choices2 = templates(g, conflict)
            pat2, _, fn2 = g.r.choices(choices2, weights=[c[1] for c in choices2])[0]
            text2, targets2, ok2 = build(fn2(), cap=False)
            if ok2 and text2[0].islower() and text.endswith("."):
                base = len(text) - 1 + len(", while ")
                text = text[:-1] + ", while " + text2
                targets = targets + [(m, f + base, t + base, pol) for m, f, t, pol in targets2]
                pat = pat + "+" + pat2
        if ok and g.r.random() < 0.25 and text.endswith(".") and '"' not in text[-3:] and not any(k in text for k in (" said", "according", "reported", "told")):
            text = text[:-1] + g.pick(SUFFIXES) + "."
        if ok and g.r.random() < 0.25 and not text.startswith('"'):
            pre = g.pick(PREFIXES)
            if targets and targets[0][1] == 0 and targets[0][0].split()[0] in ("The", "A", "An") + LOWER_OK and not targets[0][0].startswith("The Tigray"):
                targets[0] = (targets[0][0][0].lower() + targets[0][0][1:],) + targets[0][1:]
                text = targets[0][0][0] + text[1:]
            elif text.split()[0] in ("The", "A", "An", "On", "Overnight,", "Early", "Late", "For", "Earlier", "Protesters", "Thousands", "Opposition", "Crowds", "Residents", "Two", "Aid", "Investigators", "Journalists"):
                text = text[0].lower() + text[1:]
            text = pre + text
            targets = [(m, f + len(pre), t + len(pre), pol) for m, f, t, pol in targets]
        ok = ok and all(text[f:t] == m for m, f, t, _ in targets)
        if not ok or not targets or text in seen:
            continue
        if len({(f, t) for _, f, t, _ in targets}) != len(targets) or len({m.lower() for m, *_ in targets}) != len(targets):
            continue  # same mention twice would be ambiguous
        if deco is not None and deco.too_close(text, targets):
            continue
        seen.add(text)
        gid = f"war_gen_{len(rows):05d}"
        rows.append({"primary_gid": gid, "sentence_normalized": text, "pattern": pat,
                     "targets": [{"Input.gid": f"{gid}_{k}", "from": f, "to": t, "mention": m, "polarity": pol}
                                 for k, (m, f, t, pol) in enumerate(targets)]})
        pats[pat] += 1
        for *_, pol in targets:
            stats[pol] += 1
        stats["multi"] += len(targets) > 1
    with open(args.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n_t = stats[NEG] + stats[NEU] + stats[POS]
    print(json.dumps({"sentences": len(rows), "targets": n_t, "negative": stats[NEG], "neutral": stats[NEU],
                      "positive": stats[POS], "multi_target_sentences": stats["multi"], "patterns": len(pats), "rejected_near_dev": deco.rejected if deco else None,
                      "bytes": os.path.getsize(args.out)}, indent=1))


if __name__ == "__main__":
    main()
