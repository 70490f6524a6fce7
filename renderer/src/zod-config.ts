import { z } from 'zod';

// Imported first by main.tsx, before any schema is built: zod decides at
// construction whether to compile parsers with `new Function`, which the
// renderer's CSP (no 'unsafe-eval') refuses.
z.config({ jitless: true });
