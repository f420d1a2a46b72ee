//! Figures in Arabic text (placeholder: being written).
