"""HTTP plumbing shared by every route: the error hierarchy and its one mapping to responses,
body limits and JSON in and out."""
