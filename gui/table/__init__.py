"""The count table family: the model and view of an official table, its delegate, frozen header, keyboard
navigation, paste, fit and geometry, and the balance bar with the remaining counts."""
