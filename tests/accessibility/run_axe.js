#!/usr/bin/env node
// Accessibility check of HTML files with axe-core in headless Chromium.
//
//   node run_axe.js FILE.html [FILE.html ...]
//
// Prints one JSON object to stdout, each file (as given on the command line) mapped to
// axe's violations:
//   {"FILE": [{"id", "impact", "help", "helpUrl",
//              "nodes": [{"target", "html", "failureSummary"}]}, ...]}
// Exit 0 when every file was checked, violations or not (the caller judges them);
// non-zero, with the reason on stderr, when the check could not run.
//
// Needs `npm ci` in this folder (axe-core, playwright-core) and a Chromium: /usr/bin/chromium,
// or the path in $AXE_CHROMIUM. playwright-core downloads no browser of its own.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

// A reason the check could not run: reported on stderr, exit status 2.
class CannotRun extends Error {}

function die(message) {
  throw new CannotRun(message);
}

function load(name) {
  try {
    return require(name);
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') {
      die(`cannot load '${name}' (${err.message.split('\n')[0]}): ` +
          `run \`npm ci\` in tests/accessibility (${__dirname})`);
    }
    throw err;
  }
}

function findChromium() {
  const candidates = process.env.AXE_CHROMIUM
    ? [process.env.AXE_CHROMIUM]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p) => {
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) die(`no Chromium found (looked for ${candidates.join(', ')}); install it or set AXE_CHROMIUM`);
  return found;
}

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function main(files) {
  const { chromium } = load('playwright-core');
  let axeSource;
  try {
    axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  } catch (err) {
    die(`cannot read axe-core/axe.min.js (${err.message.split('\n')[0]}): ` +
        `run \`npm ci\` in tests/accessibility (${__dirname})`);
  }
  for (const file of files) {
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) die(`no such file: ${file}`);
  }

  const executablePath = findChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'axe-chromium-'));
  let context;
  try {
    try {
      context = await chromium.launchPersistentContext(profile, {
        executablePath,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1280, height: 900 },
        bypassCSP: true, // axe is injected as an inline script
        timeout: 60000,
      });
    } catch (err) {
      die(`could not start Chromium: ${err.message}`);
    }
    const results = {};
    for (const file of files) {
      const page = await context.newPage();
      // The reports are self-contained: nothing beyond file: and data: URLs is fetched.
      await page.route(/^(?!file:|data:|blob:|about:)/, (route) => route.abort());
      await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout: 60000 });
      await page.addScriptTag({ content: axeSource });
      results[file] = await page.evaluate(async () => {
        // Default rule set (WCAG 2 A/AA and best practices): no rule is turned off.
        const found = await window.axe.run(document, { resultTypes: ['violations'] });
        return found.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({
            target: n.target,
            html: n.html,
            failureSummary: n.failureSummary,
          })),
        }));
      });
      await page.close();
    }
    process.stdout.write(JSON.stringify(results, null, 1) + '\n');
  } finally {
    if (context) await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function cli(files) {
  if (!files.length) die('usage: node run_axe.js FILE.html [FILE.html ...]');
  await main(files);
}

cli(process.argv.slice(2)).catch((err) => {
  if (err instanceof CannotRun) {
    process.stderr.write(`run_axe.js: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`run_axe.js: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  }
});
