//! Placeholder: filled in by the adapter that first needs it.
