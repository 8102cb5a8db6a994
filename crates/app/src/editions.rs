//! Editions (filled in below).
