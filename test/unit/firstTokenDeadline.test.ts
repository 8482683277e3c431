// How long a request may wait for its first token, learnt from the server: the setting until
// five first tokens are known, then three times their recent p90 with a 1.5 s floor, never past
// the setting; past twice the p90 (at least 0.5 s) a request still without a token is silent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEADLINE_FLOOR_MS, FirstTokenDeadline, SILENT_FLOOR_MS } from '../../src/engine/firstTokenDeadline';

const SETTING_MS = 20_000;

function learnt(...firstTokenMs: number[]): FirstTokenDeadline {
  const deadline = new FirstTokenDeadline();
  for (const ms of firstTokenMs) deadline.record(ms);
  return deadline;
}

const times = (count: number, ms: number): number[] => Array.from({ length: count }, () => ms);

describe('FirstTokenDeadline', () => {
  it('the setting until enough is known, then a few times the recent p90 with a floor', () => {
    const deadline = new FirstTokenDeadline();
    assert.equal(deadline.deadlineMs(20_000), 20_000);
    for (let i = 0; i < 20; i++) deadline.record(600 + i * 10);
    assert.ok(deadline.deadlineMs(20_000) >= 3 * 770 && deadline.deadlineMs(20_000) <= 3 * 790 + 1, String(deadline.deadlineMs(20_000)));
    assert.equal(deadline.deadlineMs(1000), 1000, 'never past the setting');
    deadline.clear();
    for (let i = 0; i < 20; i++) deadline.record(10);
    assert.equal(deadline.deadlineMs(20_000), DEADLINE_FLOOR_MS);
    assert.equal(deadline.isSilent(400), false);
    assert.equal(deadline.isSilent(600), true);
  });
});

describe('the first-token deadline', () => {
  it('a new server is given the whole setting until five first tokens are known', () => {
    assert.equal(learnt(...times(4, 100)).deadlineMs(SETTING_MS), SETTING_MS);
    assert.equal(learnt(...times(4, 100)).isSilent(15_000), false);
    assert.equal(learnt(...times(5, 100)).deadlineMs(SETTING_MS), DEADLINE_FLOOR_MS);
  });

  it('a server that usually answers in 1 s is given up after 3 s', () => {
    assert.equal(learnt(...times(20, 1000)).deadlineMs(SETTING_MS), 3000);
  });

  it('a fast server still gets the 1.5 s floor (a cold cache, a longer prompt)', () => {
    assert.equal(DEADLINE_FLOOR_MS, 1500);
    assert.equal(learnt(...times(20, 50)).deadlineMs(SETTING_MS), 1500);
    assert.equal(learnt(...times(20, 499)).deadlineMs(SETTING_MS), 1500);
    assert.equal(learnt(...times(20, 501)).deadlineMs(SETTING_MS), 1503);
  });

  it('one slow answer among many does not stretch the deadline: it follows the p90', () => {
    assert.equal(learnt(...times(19, 800), 15_000).deadlineMs(SETTING_MS), 2400);
  });

  it('only the last twenty first tokens count: a server that got faster gets a shorter deadline', () => {
    assert.equal(learnt(...times(20, 2000), ...times(20, 600)).deadlineMs(SETTING_MS), 1800);
  });

  it('switching backend or model forgets what the old one did', () => {
    const deadline = learnt(...times(20, 100));
    deadline.clear();
    assert.equal(deadline.deadlineMs(SETTING_MS), SETTING_MS);
  });

  it('impossible timings are not learnt', () => {
    assert.equal(learnt(...times(4, 100), Number.NaN, -5, Number.POSITIVE_INFINITY).deadlineMs(SETTING_MS), SETTING_MS);
  });
});

describe('a silent request', () => {
  it('is one with no first token after twice the recent p90', () => {
    const deadline = learnt(...times(20, 1000));
    assert.equal(deadline.isSilent(2000), false);
    assert.equal(deadline.isSilent(2001), true);
  });

  it('is never declared before 0.5 s, however fast the server usually is', () => {
    const deadline = learnt(...times(20, 10));
    assert.equal(deadline.isSilent(SILENT_FLOOR_MS), false);
    assert.equal(deadline.isSilent(SILENT_FLOOR_MS + 1), true);
  });
});
