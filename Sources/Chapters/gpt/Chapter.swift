// The code of this chapter is generated from chapters/05-gpt.md by Plugins/ChapterPlugin.
// SwiftPM needs one source file in the folder; edit the Markdown, not this file.
