//! The bundled corpus, compiled into the binary so a newcomer can search with no set-up.

/// `(name, text)` of every bundled document.
pub const DOCUMENTS: [(&str, &str); 5] = [
    (
        "bundled:cables/09BAKU141.txt",
        include_str!("../corpus/cables/09BAKU141.txt"),
    ),
    (
        "bundled:cables/09BAKU911.txt",
        include_str!("../corpus/cables/09BAKU911.txt"),
    ),
    (
        "bundled:reports/2009-azerbaijan.txt",
        include_str!("../corpus/reports/2009-azerbaijan.txt"),
    ),
    (
        "bundled:reports/2009-azerbaijan-interim.txt",
        include_str!("../corpus/reports/2009-azerbaijan-interim.txt"),
    ),
    (
        "bundled:reports/2023-azerbaijan.txt",
        include_str!("../corpus/reports/2023-azerbaijan.txt"),
    ),
];
