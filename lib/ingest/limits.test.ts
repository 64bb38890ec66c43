import { describe, expect, it } from 'vitest';
import { TAB_MAX_UPLOAD_BYTES, tabUploadRefusal } from './limits';

describe('tabUploadRefusal', () => {
  it('lets an upload up to the cap through, however many files', () => {
    expect(tabUploadRefusal([{ name: 'a.log', size: TAB_MAX_UPLOAD_BYTES }])).toBeNull();
    expect(tabUploadRefusal([{ name: 'a.log', size: TAB_MAX_UPLOAD_BYTES / 2 }, { name: 'b.log', size: TAB_MAX_UPLOAD_BYTES / 2 }])).toBeNull();
    expect(tabUploadRefusal([])).toBeNull();
  });

  it('refuses one byte more, saying the size, the cap, why, and the command that reads it', () => {
    const why = tabUploadRefusal([{ name: 'access-10m.log', size: 2.2e9 }]);
    expect(why).toContain('access-10m.log is 2 GiB, more than the 1.5 GiB a browser tab reads');
    expect(why).toContain("keeps every row in the tab's memory");
    expect(why).toMatch(/npx harbinger parse --threads 2 access-10m\.log$/);
    expect(tabUploadRefusal([{ name: 'a.log', size: TAB_MAX_UPLOAD_BYTES + 1 }])).not.toBeNull();
  });

  it('counts several files together and quotes names a shell would split', () => {
    const why = tabUploadRefusal([{ name: 'my log.txt', size: 1e9 }, { name: "it's.log", size: 1e9 }]);
    expect(why).toContain('These 2 files are 1.9 GiB together');
    expect(why).toContain(`parse --threads 2 'my log.txt' 'it'\\''s.log'`);
  });
});
