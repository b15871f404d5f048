"""Layer 5, ipywidgets front-ends: thin layers over the analysis and plot functions, and
the Voilà dashboard."""
