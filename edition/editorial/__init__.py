"""The editorial layer: the register, the editorial file and the passes that add the editors' markup to a TEI tree."""
