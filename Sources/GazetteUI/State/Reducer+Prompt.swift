import Foundation
import GazetteCore

/// A line typed in the bottom bar: where to save an article (`w`), which command to pipe it
/// to (`|`).
public struct Prompt: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case save(ArticleID)
        case pipe(ArticleID)
        /// The name a search is kept under as a folder.
        case saveSearch(query: String)
    }
    public var kind: Kind
    public var text: String

    public var label: String {
        switch kind {
        case .save: "Save to: "
        case .pipe: "Pipe to: "
        case .saveSearch: "Keep this search as the folder: "
        }
    }
}

extension Reducer {
    /// `w` and `|`: the open article, or the one selected in the lists (loaded first).
    static func saveOrPipe(_ state: inout AppState, _ purpose: ArticlePurpose) -> [Effect] {
        switch state.mode {
        case .reader:
            guard let article = state.reader?.article else { return [] }
            startPrompt(&state, article: article, purpose: purpose)
        case .lists:
            guard state.focus == .articles, let id = state.selectedArticleID else {
                state.status = .info("Select an article first (→ moves to the articles)")
                return []
            }
            return [.loadArticleFor(id, purpose)]
        default:
            break
        }
        return []
    }

    static func startPrompt(_ state: inout AppState, article: Article, purpose: ArticlePurpose) {
        switch purpose {
        case .save:
            let folder = ArticleExport.shortened(state.saveFolder, home: state.home)
            state.prompt = Prompt(kind: .save(article.id), text: folder + "/" + ArticleExport.fileName(article))
        case .pipe:
            state.prompt = Prompt(kind: .pipe(article.id), text: state.lastPipeCommand ?? "")
        case .links:
            break
        }
    }

    static func promptAction(_ state: inout AppState, _ action: Action) -> [Effect] {
        guard var prompt = state.prompt else { return [] }
        switch action {
        case .promptType(let c):
            prompt.text.append(c)
            state.prompt = prompt
        case .promptDelete:
            if prompt.text.isEmpty { state.prompt = nil } else { prompt.text.removeLast(); state.prompt = prompt }
        case .promptClear:
            prompt.text = ""
            state.prompt = prompt
        case .promptCancel:
            state.prompt = nil
            state.status = .info(prompt.kind.isPipe ? "Not piped." : "Not saved.")
        case .promptDone:
            state.prompt = nil
            let text = prompt.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                state.status = .info(prompt.kind.isPipe ? "Not piped: no command." : "Not saved: no name.")
                return []
            }
            switch prompt.kind {
            case .save(let id):
                return [.saveArticle(id, path: ArticleExport.expandHome(text, home: state.home), overwrite: false)]
            case .pipe(let id):
                state.lastPipeCommand = text
                return [.pipeArticle(id, command: text)]
            case .saveSearch(let query):
                let saved = SavedSearch(name: Sanitize.line(text), query: query)
                state.savedSearches.removeAll { $0.name == saved.name }
                state.savedSearches.append(saved)
                if let results = state.search?.results, state.search?.resultsQuery == query {
                    state.savedResults[saved.name] = results
                }
                state.rebuildFolders()
                return [.keepSearch(saved)]
            }
        default:
            break
        }
        return []
    }

    /// What became of a save: done, or the file exists (ask before replacing it).
    static func saveResult(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .saveExists(let id, let path):
            state.confirmation = .overwrite(id, path: path)
            state.status = .info("\(ArticleExport.shortened(path, home: state.home)) exists. Replace it? y/n")
        case .saved(let done, let message):
            state.status = done ? .info(message) : .error(message)
        default:
            break
        }
        return []
    }
}

extension Prompt.Kind {
    var isPipe: Bool { if case .pipe = self { true } else { false } }
}
