//! Each frame of the shipped lexicon against sentences that must and must not hit it.

mod common;

use common::{analyzer, frames_in};

/// (frame, sentences that must hit it, sentences that must not).
const CASES: &[(&str, &[&str], &[&str])] = &[
    (
        "occupation",
        &[
            "Armenia must withdraw troops from the occupied Karabakh region.",
            "The Armenian military occupied Karabakh in 1991.",
            "Baku vowed to end the occupation of its lands.",
            "They demanded the withdrawal of the occupying forces.",
            "The occupiers must leave.",
            "Turkey urged an end to the Armenian-occupied districts.",
            "Are terrorists fighting in occupied-Karabakh?",
        ],
        &[
            "The minister was preoccupied with the economy.",
            "The occupant of the flat was not at home.",
            "Occupational safety rules apply to the factory.",
        ],
    ),
    (
        "liberation",
        &[
            "Azerbaijan liberates Jabrayil town.",
            "Troops liberated three villages.",
            "The liberation of Shusha was celebrated in Baku.",
            "The army freed strategic points in the province from Armenian occupation.",
        ],
        &[
            "The liberal party won the vote.",
            "The prisoners were freed on Monday.",
            "Liberalism was debated.",
        ],
    ),
    (
        "separatist_label",
        &[
            "Separatists in Karabakh reported losses.",
            "Fighting in the separatist region continued.",
            "The breakaway region held elections.",
            "Separatism was condemned.",
        ],
        &["The separation of powers was discussed."],
    ),
    (
        "proxy_label",
        &[
            "Armenian-backed separatists fired rockets.",
            "Armenian backed forces held the line.",
            "The Yerevan-backed authorities denied it.",
            "Ethnic Armenian forces backed by Armenia control the region.",
        ],
        &["Armenia backed the proposal for talks in Geneva."],
    ),
    (
        "ethnic_armenian_label",
        &[
            "The ethnic-Armenian enclave broke away.",
            "Ethnic Armenians make up the population.",
            "The Armenian-populated region is disputed.",
        ],
        &["Armenian officials denied the report."],
    ),
    (
        "artsakh_naming",
        &[
            "The Artsakh Defense Army said it repelled an attack.",
            "According to the Nagorno-Karabakh army, 404 soldiers died.",
            "The Republic of Artsakh declared martial law.",
            "Officials of the NKR met the press.",
            "Karabakh’s foreign ministry said fighting continued.",
        ],
        &["Karabakh has been disputed for decades."],
    ),
    (
        "delegitimizing_qualifier",
        &[
            "The so-called Nagorno-Karabakh Republic held a vote.",
            "The self-proclaimed regime rejected the offer.",
            "Baku called them illegal Armenian armed formations.",
            "The puppet authorities in Khankendi resigned.",
        ],
        &[
            "France is a co-chair of the so-called Minsk Group.",
            "Illegal logging was reported in the forest.",
            "He described the so-called peace plan as weak.",
        ],
    ),
    (
        "legal_status",
        &[
            "The region is internationally recognized as part of Azerbaijan.",
            "Karabakh, an internationally recognised territory of Azerbaijan, was occupied.",
            "The four UN Security Council resolutions demand withdrawal.",
            "Baku insists on its territorial integrity.",
        ],
        &["The government is internationally recognized by most states."],
    ),
    (
        "self_determination",
        &[
            "Karabakh Armenians claim the right to self-determination.",
            "Yerevan called for the recognition of Artsakh.",
        ],
        &["The determination of the soldiers was clear."],
    ),
    (
        "aggression_by_armenia",
        &[
            "Baku blamed the Armenian aggression for the deaths.",
            "The ministry condemned Armenia's aggression.",
            "#StopArmenianAggression trended on Twitter.",
        ],
        &["The Azerbaijani aggression was condemned by Yerevan."],
    ),
    (
        "aggression_by_azerbaijan",
        &[
            "Yerevan condemned the Azerbaijani aggression.",
            "Armenia said the Turkish-Azerbaijani aggression must stop.",
        ],
        &["The Armenian aggression was condemned by Baku."],
    ),
    (
        "foreign_fighters",
        &[
            "Turkey is sending Syrian mercenaries to Azerbaijan.",
            "Putin voiced concern about militants from the Middle East.",
            "Moscow condemned the deployment of foreign fighters.",
            "Jihadists were reported near the front.",
        ],
        &["Foreign ministers met in Moscow."],
    ),
    (
        "atrocity",
        &[
            "Historians regard the event as genocide.",
            "Targeting hospitals is a war crime.",
            "Yerevan occupied Karabakh with despicable massacres.",
        ],
        &["The crime rate in the city fell."],
    ),
    (
        "civilian_harm",
        &[
            "The shelling killed a civilian.",
            "Both sides accused each other of targeting residential areas.",
        ],
        &["The civil service was closed."],
    ),
    (
        "diplomacy",
        &[
            "The ceasefire came into effect at noon.",
            "The cease-fire was broken within minutes.",
            "Russia has co-sponsored the peace talks.",
            "The ministers negotiated for ten hours.",
        ],
        &["The fighting continued through the night."],
    ),
    (
        "place_names_az",
        &[
            "Fighting raged near Khankendi.",
            "Azerbaijani troops entered Aghdara.",
        ],
        &["Fighting raged near Stepanakert."],
    ),
    (
        "place_names_am",
        &[
            "Shelling hit Shushi overnight.",
            "Reinforcements reached Martakert.",
        ],
        &["Shelling hit Shusha overnight."],
    ),
];

#[test]
fn every_frame_has_cases() {
    let lex = common::lexicon();
    for f in &lex.frames {
        assert!(
            CASES.iter().any(|(id, _, _)| *id == f.id),
            "frame {} has no test sentences",
            f.id
        );
    }
}

#[test]
fn positive_sentences_hit_their_frame() {
    let a = analyzer();
    for (frame, positives, _) in CASES {
        for s in *positives {
            let hits = frames_in(&a, s);
            assert!(
                hits.iter().any(|(f, _)| f == frame),
                "{frame}: expected a hit in {s:?}, got {hits:?}"
            );
        }
    }
}

#[test]
fn negative_sentences_do_not_hit_their_frame() {
    let a = analyzer();
    for (frame, _, negatives) in CASES {
        for s in *negatives {
            let hits = frames_in(&a, s);
            assert!(
                !hits.iter().any(|(f, _)| f == frame),
                "{frame}: unexpected hit in {s:?}: {hits:?}"
            );
        }
    }
}

#[test]
fn longest_match_wins_and_hits_do_not_overlap_within_a_frame() {
    let a = analyzer();
    let hits = frames_in(&a, "Armenia must leave the occupied territories now.");
    let occ: Vec<_> = hits.iter().filter(|(f, _)| f == "occupation").collect();
    assert_eq!(
        occ,
        vec![&("occupation".to_string(), "occupied territories".to_string())]
    );
}

#[test]
fn one_phrase_can_count_for_several_frames() {
    let a = analyzer();
    let hits = frames_in(
        &a,
        "The so-called Nagorno-Karabakh Republic announced a ceasefire.",
    );
    let frames: Vec<&str> = hits.iter().map(|(f, _)| f.as_str()).collect();
    assert!(frames.contains(&"delegitimizing_qualifier"), "{hits:?}");
    assert!(frames.contains(&"artsakh_naming"), "{hits:?}");
    assert!(frames.contains(&"diplomacy"), "{hits:?}");
}
