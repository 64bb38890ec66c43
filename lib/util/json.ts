/** Any JSON value: what crosses postMessage and links unchanged (fitted models, compacted specs). */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
