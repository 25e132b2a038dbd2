//! A stateful mock of the SciNote ELN API (to be filled by the SciNote work).
