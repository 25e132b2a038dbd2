//! A stateful mock of the Ascribe Coder API (to be filled by the Ascribe work).
