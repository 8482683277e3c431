// The usage view's page: totals, the prices in use, estimates marked, and nothing that runs or
// loads from the network.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SPEND_PRICES } from '../../src/engine/spendMeter';
import { renderUsagePage } from '../../src/engine/usagePage';
import { USAGE_DAYS as days, USAGE_TODAY as today } from '../support/usageDays';

describe('usage page', () => {
  it('the page shows totals, prices, marks estimates, and runs nothing', () => {
    const html = renderUsagePage({ days, today, prices: DEFAULT_SPEND_PRICES, nonce: 'abc123' });
    assert.match(html, /content="default-src 'none'; style-src 'nonce-abc123';"/);
    assert.ok(!/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/.test(html), 'no scripts and no remote resources');
    assert.match(html, /39 requests/);
    assert.match(html, /Includes 1 estimated request/);
    assert.match(html, /34 \(1 est\.\)/);
    assert.match(html, /cache hit 0\.028, cache miss 0\.14, output 0\.28/);
    const withoutEstimates = renderUsagePage({ days: [days[1]], today, prices: DEFAULT_SPEND_PRICES, nonce: 'n' });
    assert.ok(!withoutEstimates.includes('estimated request'));
  });
});
