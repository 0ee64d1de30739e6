"""The outputs made from validated TEI: the HTML reading edition, the print edition and deposit packages."""
