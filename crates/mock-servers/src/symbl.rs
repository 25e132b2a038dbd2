//! A stateful mock of the Symbl.ai API (to be filled by the Symbl work).
