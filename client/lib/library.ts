/** Paths of the library pages, shared by the router and the links. */
export const libraryPaths = {
  index: '/library',
  cardSet: (language: string, id: string) => `/library/sets/${language}/${id}`,
  print: (language: string, id: string) => `/library/sets/${language}/${id}/print`,
  programme: (language: string, id: string) => `/library/programmes/${language}/${id}`,
};
