export const DEMO_ACCOUNT_ID = 'demo';

/** Every demo id is namespaced by the account, like a real connector's remote ids. */
export const demoId = (kind: string, key: string | number): string => `${DEMO_ACCOUNT_ID}:${kind}-${key}`;
