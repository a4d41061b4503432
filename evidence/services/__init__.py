"""Every write that changes the state of the library goes through these modules."""
