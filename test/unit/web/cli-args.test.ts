import { describe, expect, it } from 'vitest';
import { liveEnvPrefix, parseWebCliArgs, USAGE } from '../../../web/cli-args';

const base = ['--data-dir', 'd'];

describe('web CLI: --live', () => {
  it('parses the venue: exchange, symbols in order, optional URLs (trailing slash of the REST origin dropped)', () => {
    expect(parseWebCliArgs([...base, '--live', 'binance', '--symbols', 'BTC/USDT, ETH/USDT'], '/home/u')).toEqual({
      kind: 'run',
      options: { port: 0, dataDir: '/home/u/d', live: { exchangeId: 'binance', symbols: ['BTC/USDT', 'ETH/USDT'] } },
    });
    expect(
      parseWebCliArgs(
        [...base, '--port=9000', '--live=binance', '--symbols=BTC/USDT', '--rest-url', 'http://127.0.0.1:4000/', '--ws-api-url', 'ws://127.0.0.1:4000/ws-api/v3'],
        '/',
      ),
    ).toEqual({
      kind: 'run',
      options: {
        port: 9000,
        dataDir: '/d',
        live: { exchangeId: 'binance', symbols: ['BTC/USDT'], restUrl: 'http://127.0.0.1:4000', wsApiUrl: 'ws://127.0.0.1:4000/ws-api/v3' },
      },
    });
  });

  it('without --live the desk is paper-only and has no live option at all', () => {
    const parsed = parseWebCliArgs(base, '/');
    expect(parsed).toEqual({ kind: 'run', options: { port: 0, dataDir: '/d' } });
  });

  it.each([
    [['--live', 'binance'], '--live needs --symbols'],
    [['--live', 'binance', '--symbols', ''], '--live needs --symbols'],
    [['--symbols', 'BTC/USDT'], '--symbols only go with --live EXCHANGE'],
    [['--rest-url', 'http://x', '--ws-api-url', 'ws://x'], '--rest-url, --ws-api-url only go with --live EXCHANGE'],
    [['--live', 'binance', '--symbols', 'BTC/USDT', '--rest-url', 'http://127.0.0.1:1'], '--rest-url and --ws-api-url go together'],
    [['--live', 'binance', '--symbols', 'BTC/USDT', '--ws-api-url', 'ws://127.0.0.1:1'], '--rest-url and --ws-api-url go together'],
    [['--live', 'kraken', '--symbols', 'BTC/USD', '--rest-url', 'http://a', '--ws-api-url', 'ws://a'], 'only supported with --live binance'],
    [['--live', 'binance', '--symbols', 'BTC/USDT', '--rest-url', 'ftp://a', '--ws-api-url', 'ws://a'], "--rest-url must be an http(s) URL, got 'ftp://a'"],
    [['--live', 'binance', '--symbols', 'BTC/USDT', '--rest-url', 'http://a', '--ws-api-url', 'http://a'], "--ws-api-url must be a ws(s) URL, got 'http://a'"],
    [['--live', 'Binance!', '--symbols', 'BTC/USDT'], '--live: exchangeId must be a ccxt exchange id such as binance'],
    [['--live', 'binance', '--symbols', 'btcusdt'], '--symbols: symbols are ccxt unified symbols such as BTC/USDT'],
    [['--live', 'binance', '--symbols', 'BTC/USDT,'], '--symbols: symbols are ccxt unified symbols such as BTC/USDT'],
    [['--live', 'binance', '--symbols', 'BTC/USDT,BTC/USDT'], '--symbols lists BTC/USDT twice'],
    [['--live'], "Option '--live <value>' argument missing"],
    [['--live', 'binance', '--symbols', 'BTC/USDT', '--api-key', 'x'], "Unknown option '--api-key'"],
  ])('refuses %j with a message that names the flag', (extra, message) => {
    const parsed = parseWebCliArgs([...base, ...extra], '/');
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' ? parsed.message : '').toContain(message);
  });

  it('takes keys from the environment only, under LEDGERDESK_<EXCHANGE>_API_KEY / _API_SECRET, and says so in the usage', () => {
    expect(liveEnvPrefix('binance')).toBe('LEDGERDESK_BINANCE');
    expect(USAGE).toContain('--live EXCHANGE');
    expect(USAGE).toContain('LEDGERDESK_BINANCE_API_KEY');
    expect(USAGE).toContain('LEDGERDESK_EXCHANGE_API_SECRET');
  });
});
