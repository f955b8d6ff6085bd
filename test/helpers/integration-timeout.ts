// Integration tests run real workflows: give each test 5 minutes (testTimeout is not a per-project option).
jest.setTimeout(300_000);
