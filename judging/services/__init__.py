"""Write actions of judging, one module per sub-domain (jury, conflicts, assignment, scoring, stages,
ranking, publication)."""
