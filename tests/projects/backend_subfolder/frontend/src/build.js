// Copies the static pages to dist/; the real build runs a bundler in CI.
const fs = require("fs");
fs.mkdirSync("dist", { recursive: true });
fs.copyFileSync("src/index.html", "dist/index.html");
