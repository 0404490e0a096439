"""The CDS Hooks endpoints: discovery, the patient-view hook and feedback, from request to cards."""
