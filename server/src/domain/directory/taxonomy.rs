//! The Kith activity taxonomy: a fixed list of terms, each covering one or
//! more of the categories groups give their activities, with a stable code.
//! Activities whose category no term names fall under `other`.

/// One term of the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// Stable code, never reused for something else.
    pub code: &'static str,
    /// The term as people read it.
    pub name: &'static str,
    /// What it covers.
    pub description: &'static str,
    /// The activity categories (lower case) the term covers.
    pub categories: &'static [&'static str],
}

/// The taxonomy's stable code.
pub const TAXONOMY_CODE: &str = "kith-activities";
/// The taxonomy's name.
pub const TAXONOMY_NAME: &str = "Kith activity categories";
/// What it is.
pub const TAXONOMY_DESCRIPTION: &str = "The kinds of activity community groups post on Kith. Each activity belongs to the term that names its category, or to \"Other activities\".";
/// Its version: bumped when a term is added; codes never change meaning.
pub const TAXONOMY_VERSION: &str = "1";

/// The code of the term for categories no other term names.
pub const OTHER: &str = "other";

/// Every term, in the order they are listed.
pub const TERMS: &[Term] = &[
    Term {
        code: "lunch-club",
        name: "Lunch clubs and shared meals",
        description: "A meal in company: lunch clubs, community cafés and shared suppers.",
        categories: &[
            "lunch club",
            "lunch",
            "meal",
            "community meal",
            "community cafe",
            "supper club",
        ],
    },
    Term {
        code: "coffee-morning",
        name: "Coffee mornings and social groups",
        description: "Drop-in time to meet people and chat.",
        categories: &[
            "coffee morning",
            "social",
            "social group",
            "drop-in",
            "friendship group",
        ],
    },
    Term {
        code: "befriending",
        name: "Befriending",
        description: "Regular friendly contact, in person or by phone.",
        categories: &["befriending", "telephone befriending"],
    },
    Term {
        code: "physical-activity",
        name: "Walking, exercise and movement",
        description: "Health walks, seated exercise, dance, yoga, tai chi and falls prevention.",
        categories: &[
            "walking",
            "walk",
            "exercise",
            "seated exercise",
            "chair exercise",
            "dance",
            "yoga",
            "tai chi",
            "falls prevention",
            "fitness",
            "sport",
        ],
    },
    Term {
        code: "digital-help",
        name: "Digital help",
        description: "Help with phones, tablets, video calls and online forms.",
        categories: &[
            "digital help",
            "digital skills",
            "computer help",
            "tech help",
        ],
    },
    Term {
        code: "arts-crafts",
        name: "Arts, crafts and hobbies",
        description: "Art, craft, knitting, reading groups, games and hobbies.",
        categories: &[
            "arts and crafts",
            "art",
            "craft",
            "crafts",
            "knitting",
            "reading group",
            "book club",
            "games",
            "hobbies",
        ],
    },
    Term {
        code: "music-singing",
        name: "Music and singing",
        description: "Choirs, singing for wellbeing and music groups.",
        categories: &["music", "singing", "choir", "singing for wellbeing"],
    },
    Term {
        code: "gardening",
        name: "Gardening and outdoors",
        description: "Community gardens, allotments and nature groups.",
        categories: &["gardening", "garden", "allotment", "nature", "outdoors"],
    },
    Term {
        code: "learning",
        name: "Learning and talks",
        description: "Classes, courses, talks and language practice.",
        categories: &[
            "learning",
            "class",
            "course",
            "talk",
            "talks",
            "language",
            "english class",
        ],
    },
    Term {
        code: "support-group",
        name: "Support groups",
        description:
            "Peer support: carers, bereavement, memory, mental health and long-term conditions.",
        categories: &[
            "support group",
            "peer support",
            "carers",
            "carers support",
            "bereavement",
            "memory cafe",
            "dementia",
            "mental health",
            "wellbeing",
        ],
    },
    Term {
        code: "advice",
        name: "Advice and information",
        description:
            "Advice surgeries and information sessions: benefits, housing, money and health.",
        categories: &[
            "advice",
            "information",
            "benefits advice",
            "money advice",
            "health check",
        ],
    },
    Term {
        code: "transport",
        name: "Transport and outings",
        description: "Lifts, community transport, trips and outings.",
        categories: &["transport", "trip", "outing", "outings"],
    },
    Term {
        code: OTHER,
        name: "Other activities",
        description: "Activities whose category no other term names.",
        categories: &[],
    },
];

/// The term with this code.
pub fn by_code(code: &str) -> Option<&'static Term> {
    TERMS.iter().find(|t| t.code == code)
}

/// The term an activity category belongs to.
pub fn term_for(category: &str) -> &'static Term {
    let category = category.trim().to_lowercase();
    TERMS
        .iter()
        .find(|t| t.categories.contains(&category.as_str()))
        .or_else(|| by_code(OTHER))
        .expect("the taxonomy has an `other` term")
}

/// Every category some term other than `other` names.
pub fn named_categories() -> Vec<&'static str> {
    TERMS
        .iter()
        .flat_map(|t| t.categories.iter().copied())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_categories_belong_to_one_term() {
        let mut codes: Vec<_> = TERMS.iter().map(|t| t.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), TERMS.len());
        let mut categories = named_categories();
        let n = categories.len();
        categories.sort();
        categories.dedup();
        assert_eq!(categories.len(), n, "a category is named by two terms");
        assert!(categories
            .iter()
            .all(|c| *c == c.trim().to_lowercase() && c.len() >= 2 && c.len() <= 40));
        assert_eq!(term_for("Lunch Club").code, "lunch-club");
        assert_eq!(term_for("walking").code, "physical-activity");
        assert_eq!(term_for("bell ringing").code, OTHER);
    }
}
