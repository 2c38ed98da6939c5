;;; readme-driver.el --- after the README's Eglot snippet, do what a user does  -*- lexical-binding: t; -*-
;; Loaded after the snippet: open a shell script, a Dockerfile and COMMIT_EDITMSG, hover (eldoc), complete in
;; the commit buffer, and write what was shown to $KIBITZ_TEST_OUT as JSON.
(require 'json)
(setq eglot-sync-connect 20 eglot-connect-timeout 30)
(defvar kibitz-readme-steps nil)
(defvar kibitz-readme-errors nil)
(defvar kibitz-readme-repo (getenv "KIBITZ_TEST_REPO"))

(defun kibitz-readme-wait (seconds pred)
  (let ((deadline (+ (float-time) seconds)) ok)
    (while (and (not (setq ok (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (run-hooks 'post-command-hook))
    ok))

(defun kibitz-readme-open (file)
  (find-file (expand-file-name file kibitz-readme-repo))
  (run-hooks 'post-command-hook)
  (list :mode (symbol-name major-mode)
        :attached (if (kibitz-readme-wait 20 (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server)))) t :json-false)))

(defun kibitz-readme-hover (needle delta)
  (goto-char (point-min))
  (search-forward needle)
  (goto-char (+ (match-beginning 0) delta))
  (let (text)
    (eglot-hover-eldoc-function (lambda (info &rest _) (setq text (or info ""))))
    (kibitz-readme-wait 15 (lambda () text))
    (and text (substring-no-properties text))))

(defmacro kibitz-readme-step (name &rest body)
  `(condition-case err
       (push (cons ,name (progn ,@body)) kibitz-readme-steps)
     (error (push (format "%s: %S" ,name err) kibitz-readme-errors))))

(kibitz-readme-step 'script (let ((r (kibitz-readme-open "deploy.sh"))) (plist-put r :hover (kibitz-readme-hover "-xzf" 2))))
(kibitz-readme-step 'dockerfile (let ((r (kibitz-readme-open "Dockerfile"))) (plist-put r :hover (kibitz-readme-hover "-xzf" 2))))
(kibitz-readme-step
 'commit
 (let ((r (kibitz-readme-open ".git/COMMIT_EDITMSG")))
   (goto-char (point-min))
   (let* ((capf (eglot-completion-at-point)))
     (plist-put r :completion (vconcat (and capf (mapcar #'substring-no-properties (all-completions "" (nth 2 capf)))))))))

(with-temp-file (getenv "KIBITZ_TEST_OUT")
  (insert (json-encode (list :steps kibitz-readme-steps :errors (vconcat kibitz-readme-errors)))))
(ignore-errors (eglot-shutdown-all))
(kill-emacs 0)
