"""Trained artifacts: versioned folders under models/, loaded from manifests whose sha256 match."""
