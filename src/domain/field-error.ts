/** A problem with one input field; `path` is dotted (body.profile.fullTimeStaff). */
export interface FieldError {
  path: string;
  message: string;
}
