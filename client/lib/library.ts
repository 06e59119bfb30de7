/** Paths of the library pages, shared by the router and the links. */
export const libraryPaths = {
  index: '/library',
  cardSet: (language: string, id: string) => `/library/sets/${language}/${id}`,
  print: (language: string, id: string) => `/library/sets/${language}/${id}/print`,
  programme: (language: string, id: string) => `/library/programmes/${language}/${id}`,
  guide: (language: string, id: string) => `/library/programmes/${language}/${id}/guide`,
  /** Check an own set and print it, without a session. */
  check: '/library/check',
};

/** The same pages for a running session (its own card set, its programme's guide): only with its host token. */
export const sessionPaths = {
  cardSet: (code: string) => `/host/${code}/cardset`,
  print: (code: string) => `/host/${code}/cardset/print`,
  guide: (code: string) => `/host/${code}/guide`,
};

/** The roles in the order a set lists them (server/content/types.ts CARD_ROLES; the client imports no server code). */
export const CARD_ROLES_IN_ORDER = ['mentor', 'parent', 'student', 'observer'] as const;
