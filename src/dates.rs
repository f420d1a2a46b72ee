//! Dates in Arabic text (placeholder: being written).
