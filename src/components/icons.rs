//! Small inline SVG icons (Grafana's icon set look), decorative unless labelled.
